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
 * A wrong password against a hash made with fewer iterations than the hasher's (every hash
 * imported from an older Django) costs the missing iterations too
 * ({@link Pbkdf2PasswordHasher#hardenRuntime}), so it is not the fast answer that tells a known
 * user apart; and with a {@link HashUpgrade}, such a hash is replaced at the user's next good
 * login.
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

    /**
     * Stores a user's new password hash, made when they logged in with the right password and
     * their stored hash was weaker than the hasher's current setting (fewer iterations), as
     * Django's {@code check_password} calls its {@code setter}.
     *
     * @since 0.1
     */
    @FunctionalInterface
    public interface HashUpgrade {

        /**
         * Replaces a user's stored hash, if it is still {@code oldHash} (a password changed in the
         * meantime must not be overwritten). A failure is logged as a WARNING and the login goes
         * on: the next login tries again.
         *
         * @param user    the user who just logged in
         * @param oldHash the hash that verified
         * @param newHash the same password, hashed with the current iterations and a new salt
         */
        void store(UserAccount user, String oldHash, String newHash);
    }

    private static final System.Logger LOG = System.getLogger(PasswordCredentialsVerifier.class.getName());

    private final Function<String, Optional<StoredUser>> findByUsername;
    private final Pbkdf2PasswordHasher hasher;
    private final String dummyHash;
    private final HashUpgrade upgrade;

    /**
     * Builds a verifier. Hashes a dummy password once, here, which takes as long as one login.
     *
     * @param findByUsername finds a user by the exact username (already trimmed by the caller);
     *                       empty if there is none; may throw for a storage failure
     * @param hasher         verifies stored hashes, and makes the dummy hash for unknown users
     * @throws NullPointerException if an argument is {@code null}
     */
    public PasswordCredentialsVerifier(Function<String, Optional<StoredUser>> findByUsername, Pbkdf2PasswordHasher hasher) {
        this(findByUsername, hasher, null);
    }

    /**
     * Builds a verifier that also upgrades weak hashes: when a user logs in with the right
     * password and their hash has fewer iterations than {@code hasher}'s
     * ({@link Pbkdf2PasswordHasher#needsUpgrade}), the password is hashed again and handed to
     * {@code upgrade} to store, as Django does at login.
     *
     * @param findByUsername finds a user by the exact username, as above
     * @param hasher         verifies stored hashes and makes new ones
     * @param upgrade        stores a user's upgraded hash; {@code null} to keep hashes as they are
     * @throws NullPointerException if {@code findByUsername} or {@code hasher} is {@code null}
     */
    public PasswordCredentialsVerifier(Function<String, Optional<StoredUser>> findByUsername, Pbkdf2PasswordHasher hasher,
            HashUpgrade upgrade) {
        this.findByUsername = Objects.requireNonNull(findByUsername, "findByUsername");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.dummyHash = hasher.hash("dummy password for unknown usernames");
        this.upgrade = upgrade;
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
        String stored = user.get().passwordHash();
        if (hasher.verify(password, stored)) {
            if (upgrade != null && hasher.needsUpgrade(stored)) {
                upgrade(user.get().account(), stored, hasher.hash(password));
            }
            return Optional.of(user.get().account());
        }
        // A hash with fewer iterations than the dummy's fails faster: run the rest (Django: harden_runtime).
        hasher.hardenRuntime(password, stored);
        return Optional.empty();
    }

    private void upgrade(UserAccount account, String oldHash, String newHash) {
        try {
            upgrade.store(account, oldHash, newHash);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not store the upgraded password hash of user " + account.id()
                    + "; the login goes on, and the next one tries again: " + e);
        }
    }

    @Override
    public String toString() {
        return "PasswordCredentialsVerifier[" + hasher + "]";
    }
}
