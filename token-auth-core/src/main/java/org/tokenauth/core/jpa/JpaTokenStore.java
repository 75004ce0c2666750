package org.tokenauth.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.SqlTokenStores;

/**
 * A {@link TokenStore} through JPA (Hibernate, EclipseLink), on Django REST Framework's
 * {@code authtoken_token} table, mapped by the {@link AuthToken} entity: add
 * {@code AuthToken.class} to the persistence unit, and create the table with the script in this
 * jar for your database ({@code org/tokenauth/core/sql/authtoken_token.<database>.sql}).
 *
 * <p><b>User ids</b> are DRF's integers: {@link Token#userId()} must be the decimal text of a
 * {@code long} ({@code "42"}, no sign, leading zeros or spaces). Other ids are refused with
 * {@link IllegalArgumentException} when writing and are not found when reading. For UUID or text
 * ids use {@code JdbcTokenStore} with its {@code UserIdType}, or your own store.
 *
 * <p><b>Creation times</b> are stored to the microsecond, as Django stores them.
 *
 * <p><b>Transactions.</b> Each call runs in its own short resource-local transaction, with its own
 * {@link EntityManager}. {@link #getOrCreate} and {@link #replace} are atomic across threads and
 * processes: a write that loses a race to a concurrent one (an integrity violation, SQLState
 * class 23) settles on the winner's row, as {@code JdbcTokenStore} does. {@link #replace} is one
 * bulk {@code UPDATE} of the user's row, so concurrent replaces queue rather than fail.
 *
 * <p><b>Failures.</b> Every {@link PersistenceException} becomes a {@link TokenStoreException}
 * whose message and causes never quote a key. A presented key that no row can hold (over 40
 * characters, or with a NUL character) is not found, without a query. Hibernate itself logs the
 * SQL errors it sees, at WARN, in the category {@code org.hibernate.orm.jdbc.error}: a lost race
 * shows there as a duplicate {@code user_id}. The store checks a new key against other users'
 * before writing it, so a database's duplicate-key message (which quotes the key) is not
 * provoked; still, set that category to {@code ERROR} or {@code OFF} in production, as for any
 * table of secrets.
 *
 * <p>Thread-safe: holds nothing but the factory.
 *
 * @since 0.1
 */
public final class JpaTokenStore implements TokenStore {

    /** DRF's {@code varchar(40)}. */
    private static final int KEY_LENGTH = 40;

    /** Tries of a write that keeps losing races before it gives up; one retry settles nearly all. */
    private static final int MAX_ATTEMPTS = 5;

    private final EntityManagerFactory factory;

    /**
     * A store on the persistence unit behind {@code factory}, which must list {@link AuthToken}.
     *
     * @param factory the application's entity manager factory
     * @throws NullPointerException if {@code factory} is {@code null}
     */
    public JpaTokenStore(EntityManagerFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public Optional<Token> findByKey(String presentedKey) {
        Objects.requireNonNull(presentedKey, "presentedKey");
        if (!SqlTokenStores.fitsKeyColumn(presentedKey, KEY_LENGTH)) {
            return Optional.empty();
        }
        return read("could not look up a token by key", presentedKey, em -> selectByKey(em, presentedKey));
    }

    @Override
    public Optional<Token> findByUserId(String userId) {
        Objects.requireNonNull(userId, "userId");
        Long id = SqlTokenStores.integerUserId(userId);
        if (id == null) {
            return Optional.empty();
        }
        return read("could not look up the token of user " + userId, null, em -> selectByUser(em, id));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the candidate's key is over 40 characters or holds a NUL
     *                                  character, or its user id is not the decimal text of a long
     */
    @Override
    public Token getOrCreate(Token candidate) {
        Token wanted = SqlTokenStores.storable(candidate, "authtoken_token", KEY_LENGTH);
        long userId = requireUserId(wanted.userId());
        String doing = "could not get or create the token of user " + wanted.userId();
        PersistenceException lost = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return write(doing, wanted.key(), em -> {
                    Optional<Token> existing = selectByUser(em, userId);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                    requireKeyNotTakenByAnother(em, wanted);
                    em.persist(new AuthToken(wanted.key(), userId, wanted.created()));
                    em.flush();
                    return wanted;
                });
            } catch (LostRace race) {
                lost = race.cause;
            }
            // A concurrent caller stored the user's token first (take it), or the key is taken.
            Optional<Token> winner = read(doing, wanted.key(), em -> selectByUser(em, userId));
            if (winner.isPresent()) {
                return winner.get();
            }
            requireKeyNotTakenByAnother(doing, wanted);
        }
        throw failure(doing + " after " + MAX_ATTEMPTS + " attempts", lost, wanted.key());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the key is over 40 characters or holds a NUL character,
     *                                  or the user id is not the decimal text of a long
     */
    @Override
    public Token replace(Token fresh) {
        Token wanted = SqlTokenStores.storable(fresh, "authtoken_token", KEY_LENGTH);
        long userId = requireUserId(wanted.userId());
        String doing = "could not replace the token of user " + wanted.userId();
        PersistenceException lost = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return write(doing, wanted.key(), em -> {
                    requireKeyNotTakenByAnother(em, wanted);
                    int updated = em.createQuery(
                                    "update AuthToken t set t.key = :key, t.created = :created where t.userId = :userId")
                            .setParameter("key", wanted.key())
                            .setParameter("created", wanted.created())
                            .setParameter("userId", userId)
                            .executeUpdate();
                    if (updated == 0) {
                        em.persist(new AuthToken(wanted.key(), userId, wanted.created()));
                        em.flush();
                    }
                    return wanted;
                });
            } catch (LostRace race) {
                lost = race.cause;
            }
            // Another user's token has the key, or a concurrent writer inserted this user's row.
            requireKeyNotTakenByAnother(doing, wanted);
        }
        throw failure(doing + " after " + MAX_ATTEMPTS + " attempts", lost, wanted.key());
    }

    @Override
    public boolean delete(String key) {
        Objects.requireNonNull(key, "key");
        if (!SqlTokenStores.fitsKeyColumn(key, KEY_LENGTH)) {
            return false;
        }
        try {
            return write("could not delete a token by key", key, em ->
                    // Only the exact key: a case-insensitive collation (MySQL's default) would delete "ABC…" for "abc…".
                    selectByKey(em, key).isPresent() && em
                            .createQuery("delete from AuthToken t where t.key = :key")
                            .setParameter("key", key)
                            .executeUpdate() > 0);
        } catch (LostRace race) {
            throw failure("could not delete a token by key", race.cause, key);
        }
    }

    @Override
    public int deleteAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        Long id = SqlTokenStores.integerUserId(userId);
        if (id == null) {
            return 0;
        }
        String doing = "could not delete the tokens of user " + userId;
        try {
            return write(doing, null, em -> em
                    .createQuery("delete from AuthToken t where t.userId = :userId")
                    .setParameter("userId", id)
                    .executeUpdate());
        } catch (LostRace race) {
            throw failure(doing, race.cause, null);
        }
    }

    private static Optional<Token> selectByKey(EntityManager em, String key) {
        // A query, not em.find(): find() would give the entity the id asked for, not the one stored.
        List<AuthToken> found = em.createQuery("select t from AuthToken t where t.key = :key", AuthToken.class)
                .setParameter("key", key)
                .getResultList();
        // Exact, whatever the column's collation: MySQL's default ignores case and trailing spaces.
        if (found.isEmpty() || !MessageDigest.isEqual(
                found.get(0).getKey().getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(toToken(found.get(0)));
    }

    private static Optional<Token> selectByUser(EntityManager em, long userId) {
        List<AuthToken> found = em.createQuery("select t from AuthToken t where t.userId = :userId", AuthToken.class)
                .setParameter("userId", userId)
                .getResultList();
        return found.isEmpty() ? Optional.empty() : Optional.of(toToken(found.get(0)));
    }

    private void requireKeyNotTakenByAnother(String doing, Token wanted) {
        read(doing, wanted.key(), em -> {
            requireKeyNotTakenByAnother(em, wanted);
            return null;
        });
    }

    /**
     * Checked before writing as well as after a lost race: Hibernate logs every SQL error it sees,
     * and a database's duplicate-key message quotes the key.
     */
    private static void requireKeyNotTakenByAnother(EntityManager em, Token wanted) {
        Optional<Token> holder = selectByKey(em, wanted.key());
        if (holder.isPresent() && !holder.get().userId().equals(wanted.userId())) {
            throw new TokenStoreException("key " + wanted.fingerprint() + " already belongs to another user");
        }
    }

    private static Token toToken(AuthToken entity) {
        return Token.of(entity.getKey(), Long.toString(entity.getUserId()), entity.getCreated());
    }

    /** Runs a query without a transaction; any persistence failure is an outage. */
    private <T> T read(String doing, String key, Function<EntityManager, T> work) {
        try (EntityManager em = factory.createEntityManager()) {
            return work.apply(em);
        } catch (PersistenceException e) {
            throw failure(doing, e, key);
        }
    }

    /**
     * Runs a write in its own transaction. A write refused by an integrity constraint, or lost to
     * a concurrent one, is reported as {@link LostRace} so the caller can settle it; any other
     * persistence failure is an outage.
     */
    private <T> T write(String doing, String key, Function<EntityManager, T> work) throws LostRace {
        try (EntityManager em = factory.createEntityManager()) {
            EntityTransaction transaction = em.getTransaction();
            try {
                transaction.begin();
                T result = work.apply(em);
                transaction.commit();
                return result;
            } catch (PersistenceException e) {
                rollbackQuietly(transaction, e);
                if (SqlTokenStores.isConstraintViolation(e) || SqlTokenStores.isTransient(e)) {
                    throw new LostRace(e);
                }
                throw failure(doing, e, key);
            } catch (RuntimeException e) {
                rollbackQuietly(transaction, e);
                throw e;
            }
        } catch (PersistenceException e) {
            // createEntityManager, begin or close failed: the database is not there.
            throw failure(doing, e, key);
        }
    }

    private static void rollbackQuietly(EntityTransaction transaction, Exception failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static long requireUserId(String userId) {
        Long id = SqlTokenStores.integerUserId(userId);
        if (id == null) {
            throw new IllegalArgumentException(
                    "user id '" + userId + "' is not the decimal text of a long (like 42), as DRF's user_id column needs");
        }
        return id;
    }

    private static TokenStoreException failure(String what, PersistenceException cause, String key) {
        return new TokenStoreException(what, SqlTokenStores.redact(cause, key));
    }

    @Override
    public String toString() {
        return "JpaTokenStore[" + factory + "]";
    }

    /** A write refused by a constraint or lost to a concurrent one: settle it, don't report it. */
    private static final class LostRace extends Exception {

        private static final long serialVersionUID = 1L;

        final transient PersistenceException cause;

        LostRace(PersistenceException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }
}
