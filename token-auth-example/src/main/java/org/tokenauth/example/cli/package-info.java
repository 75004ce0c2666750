/**
 * The command-line client of the polls API ({@link org.tokenauth.example.cli.PollsClient}), on
 * {@code java.net.http} alone.
 */
package org.tokenauth.example.cli;
