package org.tokenauth.core;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The login rule, apart from any transport: check the password, refuse an inactive user, issue a
 * token under the service's policy. The obtain-token servlet is this plus HTTP; a JAX-RS resource
 * or a command-line tool can be too.
 *
 * <p>A wrong password, an unknown user and an inactive user are one answer, empty, as Django's
 * {@code ModelBackend} makes them (the verifier spends the same work on each). A storage failure
 * is thrown, never reported as bad credentials.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class TokenLogin {

    private final CredentialsVerifier verifier;
    private final TokenService tokens;

    /**
     * A login over these credentials and this token policy.
     *
     * @param verifier checks usernames and passwords
     * @param tokens   issues the token
     */
    public TokenLogin(CredentialsVerifier verifier, TokenService tokens) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Logs a user in.
     *
     * @param username the username, already trimmed
     * @param password the password, exactly as sent
     * @return the issued token and its key; empty for a wrong password, an unknown user or an
     *         inactive user alike
     * @throws TokenStoreException if the token store fails
     * @throws RuntimeException    whatever the verifier throws when its storage fails
     */
    public Optional<IssuedToken> login(String username, String password) {
        return login(username, password, "");
    }

    /**
     * Logs a user in, and reports a refusal to the service's {@linkplain TokenService#events()
     * listener} with where it came from.
     *
     * @param username      the username, already trimmed
     * @param password      the password, exactly as sent
     * @param sourceAddress where the attempt came from (e.g. the client's IP address), or empty
     * @return the issued token and its key; empty for a wrong password, an unknown user or an
     *         inactive user alike
     * @throws TokenStoreException if the token store fails
     * @throws RuntimeException    whatever the verifier throws when its storage fails
     */
    public Optional<IssuedToken> login(String username, String password, String sourceAddress) {
        return login(username, password, sourceAddress, Set.of());
    }

    /**
     * Logs a user in, giving a newly issued token these scopes (with one token per user in DRF
     * mode, an existing token keeps its own), and reports a refusal with where it came from.
     *
     * @param username      the username, already trimmed
     * @param password      the password, exactly as sent
     * @param sourceAddress where the attempt came from (e.g. the client's IP address), or empty
     * @param scopes        the new token's scopes; empty for none
     * @return the issued token and its key; empty for a wrong password, an unknown user or an
     *         inactive user alike
     * @throws TokenStoreException if the token store fails
     * @throws RuntimeException    whatever the verifier throws when its storage fails
     */
    public Optional<IssuedToken> login(String username, String password, String sourceAddress, Set<String> scopes) {
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(scopes, "scopes");
        Optional<UserAccount> user = verifier.verify(Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"));
        // Django's ModelBackend refuses inactive users after checking their password: the same answer.
        if (user.isEmpty() || !user.get().active()) {
            tokens.events().loginFailed(username, sourceAddress);
            return Optional.empty();
        }
        return Optional.of(scopes.isEmpty() ? tokens.issueFor(user.get().id()) : tokens.issueFor(user.get().id(), "", scopes, null));
    }

    /** {@return the token policy logins issue under} */
    public TokenService tokens() {
        return tokens;
    }

    @Override
    public String toString() {
        return "TokenLogin[" + tokens + "]";
    }
}
