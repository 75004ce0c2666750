/**
 * Django REST Framework's token authentication, without servlets: keys, tokens, where they live,
 * and who owns them.
 *
 * <p>A {@link org.tokenauth.core.TokenGenerator} makes DRF's keys (20 bytes from
 * {@code SecureRandom}, 40 hex characters); a {@link org.tokenauth.core.TokenService} issues,
 * reissues and revokes {@link org.tokenauth.core.Token}s in a {@link org.tokenauth.core.TokenStore}
 * (the SPI; ready stores are {@link org.tokenauth.core.InMemoryTokenStore} here and the JDBC and
 * JPA stores in the sub-packages). On each request a {@link org.tokenauth.core.TokenAuthenticator}
 * turns an {@code Authorization} header into an {@link org.tokenauth.core.Authentication}
 * (anonymous, rejected with DRF's exact message, or authenticated), asking the store for the key
 * and the application's {@link org.tokenauth.core.UserLookup} for the owner. To obtain a token, a
 * {@link org.tokenauth.core.CredentialsVerifier} checks a username and password; for applications
 * that keep password hashes, {@link org.tokenauth.core.PasswordCredentialsVerifier} does it with
 * Django's own hash format ({@link org.tokenauth.core.Pbkdf2PasswordHasher}).
 *
 * <p>Storage failures are {@link org.tokenauth.core.TokenStoreException}s, never "not found";
 * no exception message or {@code toString()} in this library contains a key.
 *
 * @since 0.1
 */
package org.tokenauth.core;
