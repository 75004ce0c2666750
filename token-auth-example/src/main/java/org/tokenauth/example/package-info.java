/**
 * The token-auth example: the Django tutorial's polls app behind Django REST Framework's token
 * authentication, built on the library as a user would build on it.
 *
 * <p>{@link org.tokenauth.example.PollsWebApp} wires everything into a servlet context: one
 * database ({@code Database}: HikariCP and Hibernate, holding the users, the polls and the library's
 * {@code authtoken_token} table through core's {@code JpaTokenStore}), the library's
 * {@code TokenAuthenticationFilter} and {@code ObtainTokenServlet}, its user-created hook on the
 * {@link org.tokenauth.example.accounts.User} entity, the polls API and the account endpoints. The
 * WAR's {@code web.xml} declares that listener; {@link org.tokenauth.example.ExampleServer} adds it
 * to an embedded Jetty, and {@link org.tokenauth.example.Main} is the {@code java -jar} entry point.
 */
package org.tokenauth.example;
