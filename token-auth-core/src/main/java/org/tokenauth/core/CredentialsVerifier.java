package org.tokenauth.core;

import java.util.Optional;

/**
 * Checks a username and password: what the obtain-token endpoint asks before it hands out a token.
 * Supplied by the application; {@link PasswordCredentialsVerifier} is a ready one for users whose
 * password hashes the application keeps.
 *
 * <p>Implementations must take as long for an unknown username as for a wrong password, so a
 * client cannot learn which usernames exist (verify a dummy hash, as Django does), and must be
 * thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CredentialsVerifier {

    /**
     * Verifies credentials.
     *
     * @param username the username, already trimmed
     * @param password the password, exactly as sent
     * @return the user if the password is theirs, active or not (the caller refuses inactive users);
     *         empty for an unknown user or a wrong password, without telling which
     * @throws RuntimeException for a storage failure, never reported as bad credentials
     */
    Optional<UserAccount> verify(String username, String password);
}
