package org.tokenauth.example.accounts;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tokenauth.core.PasswordCredentialsVerifier;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;
import org.tokenauth.example.web.DatabaseFailures;

/**
 * The application's users, in the {@code auth_user} table: the {@link UserLookup} the token filter
 * asks on every request, the source of {@link PasswordCredentialsVerifier.StoredUser}s for logins,
 * and the place users are created, which (through the user-created hook on the entity manager
 * factory) gives each new user a token.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class UserDirectory implements UserLookup {

    private final EntityManagerFactory emf;
    private final Pbkdf2PasswordHasher hasher;
    private final Clock clock;

    /**
     * @param emf    the persistence unit that manages {@link User}
     * @param hasher hashes new passwords
     * @param clock  gives new users their join time
     */
    public UserDirectory(EntityManagerFactory emf, Pbkdf2PasswordHasher hasher, Clock clock) {
        this.emf = Objects.requireNonNull(emf, "emf");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@inheritDoc}
     *
     * @param id a user id as decimal text; anything else is no user
     */
    @Override
    public Optional<UserAccount> findById(String id) {
        long userId;
        try {
            userId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return emf.callInTransaction(em -> Optional.ofNullable(em.find(User.class, userId)).map(User::toAccount));
    }

    /**
     * @param username an exact username
     * @return the user and their password hash, for {@link PasswordCredentialsVerifier}
     */
    public Optional<PasswordCredentialsVerifier.StoredUser> findForLogin(String username) {
        return emf.callInTransaction(em -> byUsername(em, username)
                .map(u -> new PasswordCredentialsVerifier.StoredUser(u.toAccount(), u.getPasswordHash())));
    }

    /**
     * @param username an exact username
     * @return the user, active or not
     */
    public Optional<UserAccount> findByUsername(String username) {
        return emf.callInTransaction(em -> byUsername(em, username).map(User::toAccount));
    }

    /**
     * @param userId a user id as decimal text
     * @return whether that user exists, is active and is staff
     */
    public boolean isActiveStaff(String userId) {
        return findUser(userId).filter(u -> u.active() && u.staff()).isPresent();
    }

    /** @return every user, by id */
    public List<Summary> list() {
        return emf.callInTransaction(em -> em.createQuery("select u from User u order by u.id", User.class)
                .getResultList().stream().map(Summary::of).toList());
    }

    /**
     * Creates an active user. Once the insert commits, the user-created hook gives them a token.
     *
     * @param username a valid, trimmed username
     * @param password the password, already checked against the password rules
     * @param staff    whether the user may administer users
     * @return the new user
     * @throws UsernameTakenException if the username is taken, even by a user created at the same moment
     */
    public UserAccount create(String username, String password, boolean staff) {
        String hash = hasher.hash(password); // slow on purpose: outside the transaction
        try {
            return emf.callInTransaction(em -> {
                if (byUsername(em, username).isPresent()) {
                    throw new UsernameTakenException(username);
                }
                User user = new User(username, hash, staff, clock.instant());
                em.persist(user);
                em.flush();
                return user.toAccount();
            });
        } catch (PersistenceException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                throw e; // no point asking the database again at once
            }
            // Lost a race for the unique username to another transaction.
            if (findByUsername(username).isPresent()) {
                throw new UsernameTakenException(username);
            }
            throw e;
        }
    }

    /**
     * Makes sure a staff user with this username and password exists and is active: creates it,
     * or resets the password of the existing one (the demo login on a kept database).
     *
     * @param username the username
     * @param password the password to set
     * @return the user
     */
    public UserAccount ensureStaff(String username, String password) {
        Optional<UserAccount> existing = findByUsername(username);
        if (existing.isEmpty()) {
            try {
                return create(username, password, true);
            } catch (UsernameTakenException e) {
                // Created meanwhile by someone else: fall through and reset it.
            }
        }
        String hash = hasher.hash(password);
        return emf.callInTransaction(em -> {
            User user = byUsername(em, username).orElseThrow();
            user.setPasswordHash(hash);
            user.setActive(true);
            user.setStaff(true);
            return user.toAccount();
        });
    }

    /**
     * Activates or deactivates a user. An inactive user's token is refused with "User inactive or
     * deleted." and they cannot log in; the token itself is kept, and works again on reactivation.
     *
     * @param username the username
     * @param active   the new state
     * @return the user, or empty if there is none with that username
     */
    public Optional<Summary> setActive(String username, boolean active) {
        return emf.callInTransaction(em -> byUsername(em, username).map(user -> {
            user.setActive(active);
            return Summary.of(user);
        }));
    }

    private Optional<Summary> findUser(String userId) {
        long id;
        try {
            id = Long.parseLong(userId);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return emf.callInTransaction(em -> Optional.ofNullable(em.find(User.class, id)).map(Summary::of));
    }

    private static Optional<User> byUsername(EntityManager em, String username) {
        return em.createQuery("select u from User u where u.username = :username", User.class)
                .setParameter("username", username)
                .getResultStream().findFirst();
    }

    @Override
    public String toString() {
        return "UserDirectory[" + hasher + "]";
    }

    /**
     * A user as the admin endpoint shows it: no password hash.
     *
     * @param id       the user's id
     * @param username the username
     * @param active   whether the user may log in
     * @param staff    whether the user may administer users
     * @since 0.1
     */
    public record Summary(long id, String username, boolean active, boolean staff) {

        static Summary of(User user) {
            return new Summary(user.getId(), user.getUsername(), user.isActive(), user.isStaff());
        }
    }
}
