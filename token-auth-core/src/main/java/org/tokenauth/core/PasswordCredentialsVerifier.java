package org.tokenauth.core;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link CredentialsVerifier} for applications that keep their users' password hashes, in
 * Django's format ({@link Pbkdf2PasswordHasher}): it looks the user up by username and verifies
 * the password against the stored hash, as Django's {@code ModelBackend} does.
 *
 * <p>An unknown username costs what a wrong password costs: the password is then verified
 * against a dummy hash, made once with the same hasher, so a client cannot tell which usernames
 * exist by timing the obtain-token endpoint. A stored hash that cannot be verified (another
 * algorithm, Django's unusable {@code !…} password) is treated the same way, and never matches.
 *
 * <pre>{@code
 * CredentialsVerifier verifier = new PasswordCredentialsVerifier(
 *         username -> users.findByUsername(username)
 *                 .map(u -> new PasswordCredentialsVerifier.StoredUser(
 *                         new UserAccount(u.id(), u.username(), u.active()), u.passwordHash())),
 *         new Pbkdf2PasswordHasher());
 * }</pre>
 *
 * <p>Thread-safe when {@code findByUsername} is.
 *
 * @since 0.1
 */
public final class PasswordCredentialsVerifier implements CredentialsVerifier {

    /**
     * A user as the verifier needs it: the account, and its stored password hash.
     *
     * @param account      the user, active or not
     * @param passwordHash the stored hash, normally {@code pbkdf2_sha256$…} from
     *                     {@link Pbkdf2PasswordHasher#hash}
     * @since 0.1
     */
    public record StoredUser(UserAccount account, String passwordHash) {

        /**
         * A user and the hash of their password.
         *
         * @param account      the user, active or not
         * @param passwordHash the stored hash
         * @throws NullPointerException if an argument is {@code null}
         */
        public StoredUser {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(passwordHash, "passwordHash");
        }

        /** Describes the user without the password hash, which is a secret too. */
        @Override
        public String toString() {
            return "StoredUser[account=" + account + ", passwordHash=[PROTECTED]]";
        }
    }

    private final Function<String, Optional<StoredUser>> findByUsername;
    private final Pbkdf2PasswordHasher hasher;
    private final String dummyHash;

    /**
     * Builds a verifier. Hashes a dummy password once, here, which takes as long as one login.
     *
     * @param findByUsername finds a user by the exact username (already trimmed by the caller);
     *                       empty if there is none; may throw for a storage failure
     * @param hasher         verifies stored hashes, and makes the dummy hash for unknown users
     * @throws NullPointerException if an argument is {@code null}
     */
    public PasswordCredentialsVerifier(Function<String, Optional<StoredUser>> findByUsername, Pbkdf2PasswordHasher hasher) {
        this.findByUsername = Objects.requireNonNull(findByUsername, "findByUsername");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.dummyHash = hasher.hash("dummy password for unknown usernames");
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if an argument is {@code null}, or {@code findByUsername}
     *                              returned {@code null}
     * @throws RuntimeException     whatever {@code findByUsername} throws when its storage fails
     */
    @Override
    public Optional<UserAccount> verify(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Optional<StoredUser> user = Objects.requireNonNull(
                findByUsername.apply(username), "findByUsername returned null instead of an Optional");
        if (user.isEmpty() || !hasher.canVerify(user.get().passwordHash())) {
            // Same work as a wrong password, so the answer's timing tells nothing (Django: ModelBackend).
            hasher.verify(password, dummyHash);
            return Optional.empty();
        }
        if (hasher.verify(password, user.get().passwordHash())) {
            return Optional.of(user.get().account());
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "PasswordCredentialsVerifier[" + hasher + "]";
    }
}
