/**
 * The polls: the {@link org.tokenauth.example.polls.Question} and
 * {@link org.tokenauth.example.polls.Choice} entities, the {@link org.tokenauth.example.polls.Polls}
 * service, and the DRF-shaped REST API over them, {@link org.tokenauth.example.polls.PollsApiServlet}.
 */
package org.tokenauth.example.polls;
