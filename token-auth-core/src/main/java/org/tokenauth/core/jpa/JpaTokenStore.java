package org.tokenauth.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.SqlTokenStores;
import org.tokenauth.core.jpa.JpaWork.LostRace;

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
 * {@link EntityManager}. {@link #getOrInsert} and {@link #insert} are atomic across threads and
 * processes: a write that loses a race to a concurrent one (an integrity violation, SQLState
 * class 23) settles on the winner's row, as {@code JdbcTokenStore} does. {@link #insert} is one
 * bulk {@code UPDATE} of the user's row, so concurrent replaces queue rather than fail.
 *
 * <p><b>Failures.</b> Every {@link PersistenceException} becomes a {@link TokenStoreException}
 * whose message and causes never quote a key. A presented key that no row can hold (over 40
 * characters, or with a NUL character) is not found, without a query; one the database's character
 * set cannot hold ({@code €} in a database encoded {@code LATIN1}) is not found either, and
 * writing it is refused with {@link IllegalArgumentException}. Hibernate itself logs the
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

    /**
     * Rounds of a replace whose compare-and-set keeps finding the row replaced by another writer.
     * Each lost round means another replace succeeded, so n racers need n rounds at most.
     */
    private static final int MAX_REPLACE_ROUNDS = 100;

    private final EntityManagerFactory factory;
    private final JpaWork transactions;

    /**
     * A store on the persistence unit behind {@code factory}, which must list {@link AuthToken}.
     *
     * @param factory the application's entity manager factory
     * @throws NullPointerException if {@code factory} is {@code null}
     */
    public JpaTokenStore(EntityManagerFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.transactions = new JpaWork(factory);
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (!SqlTokenStores.fitsKeyColumn(lookup, KEY_LENGTH)) {
            return Optional.empty();
        }
        return transactions.find("could not look up a token by key", lookup, Optional.empty(), em -> selectByKey(em, lookup));
    }

    @Override
    public List<Token> findAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        Long id = SqlTokenStores.integerUserId(userId);
        if (id == null) {
            return List.of();
        }
        return read("could not look up the token of user " + userId, null,
                em -> selectByUser(em, id).map(List::of).orElse(List.of()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The table keeps the key, the owner and the creation time: a name, expiry or scopes of the
     * candidate are not stored, and the token returned has none.
     *
     * @throws IllegalArgumentException if the candidate's key is over 40 characters or holds a NUL
     *                                  character, or its user id is not the decimal text of a long
     */
    @Override
    public Token getOrInsert(Token candidate) {
        Token wanted = storable(candidate);
        long userId = requireUserId(wanted.userId());
        String doing = "could not get or create the token of user " + wanted.userId();
        PersistenceException lost = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                return write(doing, wanted.lookup(), em -> {
                    Optional<Token> existing = selectByUser(em, userId);
                    if (existing.isPresent()) {
                        return existing.get();
                    }
                    requireKeyNotTaken(em, wanted);
                    em.persist(new AuthToken(wanted.lookup(), userId, wanted.created()));
                    em.flush();
                    return wanted;
                });
            } catch (LostRace race) {
                lost = race.cause;
            }
            // A concurrent caller stored the user's token first (take it), or the key is taken.
            Optional<Token> winner = read(doing, wanted.lookup(), em -> selectByUser(em, userId));
            if (winner.isPresent()) {
                return winner.get();
            }
            requireKeyNotTaken(doing, wanted);
        }
        throw failure(doing + " after " + MAX_ATTEMPTS + " attempts", lost, wanted.lookup());
    }

    /**
     * {@inheritDoc}
     *
     * <p>DRF's table holds one token per user, so {@code maxPerUser} must be 1: the user's row, if
     * any, gets the new key and time in one bulk {@code UPDATE} that names the old key, so
     * concurrent replaces queue on the row and each evicted token is reported once.
     *
     * @throws IllegalArgumentException if {@code maxPerUser} is not 1, the key is over 40
     *                                  characters or holds a NUL character, or the user id is not
     *                                  the decimal text of a long
     */
    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        SqlTokenStores.requireMaxPerUser(maxPerUser, 1, "authtoken_token");
        Token wanted = storable(token);
        long userId = requireUserId(wanted.userId());
        String doing = "could not replace the token of user " + wanted.userId();
        PersistenceException lost = null;
        int failures = 0;
        for (int round = 0; round < MAX_REPLACE_ROUNDS && failures < MAX_ATTEMPTS; round++) {
            try {
                Optional<List<Token>> evicted = write(doing, wanted.lookup(), em -> {
                    requireKeyNotTaken(em, wanted);
                    Optional<Token> old = selectByUser(em, userId);
                    if (old.isEmpty()) {
                        em.persist(new AuthToken(wanted.lookup(), userId, wanted.created()));
                        em.flush();
                        return Optional.of(List.of());
                    }
                    int updated = em.createQuery("update AuthToken t set t.key = :key, t.created = :created "
                                    + "where t.userId = :userId and t.key = :old")
                            .setParameter("key", wanted.lookup())
                            .setParameter("created", wanted.created())
                            .setParameter("userId", userId)
                            .setParameter("old", old.get().lookup())
                            .executeUpdate();
                    return updated == 1 ? Optional.of(List.of(old.get())) : Optional.empty();
                });
                if (evicted.isPresent()) {
                    return evicted.get();
                }
                continue; // replaced meanwhile by a concurrent writer: try again on its row
            } catch (LostRace race) {
                lost = race.cause;
                failures++;
            }
            // Another token has the key, or a concurrent writer inserted this user's row.
            requireKeyNotTaken(doing, wanted);
        }
        throw failure(doing + ": it kept losing races to concurrent writers", lost, wanted.lookup());
    }

    @Override
    public boolean delete(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (!SqlTokenStores.fitsKeyColumn(lookup, KEY_LENGTH)) {
            return false;
        }
        if (findByLookup(lookup).isEmpty()) { // also a key the database's character set cannot hold
            return false;
        }
        try {
            return write("could not delete a token by key", lookup, em ->
                    // Only the exact key: a case-insensitive collation (MySQL's default) would delete "ABC…" for "abc…".
                    selectByKey(em, lookup).isPresent() && em
                            .createQuery("delete from AuthToken t where t.key = :key")
                            .setParameter("key", lookup)
                            .executeUpdate() > 0);
        } catch (LostRace race) {
            throw failure("could not delete a token by key", race.cause, lookup);
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

    /** DRF's table keeps no last use and no expiry: nothing to record. */
    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(lastUsed, "lastUsed");
        return false;
    }

    /** {@return 1: DRF's {@code user_id} column is unique} */
    @Override
    public int maxTokensPerUser() {
        return 1;
    }

    /** {@return {@code false}: DRF's table keeps a key, an owner and a creation time} */
    @Override
    public boolean keepsDetails() {
        return false;
    }

    private static Token storable(Token token) {
        return SqlTokenStores.drfRow(token, "authtoken_token", KEY_LENGTH);
    }

    private static Optional<Token> selectByKey(EntityManager em, String key) {
        // A query, not em.find(): find() would give the entity the id asked for, not the one stored.
        List<AuthToken> found = em.createQuery("select t from AuthToken t where t.key = :key", AuthToken.class)
                .setParameter("key", key)
                .getResultList();
        // Exact, whatever the column's collation: MySQL's default ignores case and trailing spaces.
        if (found.isEmpty() || !SqlTokenStores.sameLookup(found.get(0).getKey(), key)) {
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

    private void requireKeyNotTaken(String doing, Token wanted) {
        read(doing, wanted.lookup(), em -> {
            requireKeyNotTaken(em, wanted);
            return null;
        });
    }

    /**
     * Checked before writing as well as after a lost race: Hibernate logs every SQL error it sees,
     * and a database's duplicate-key message quotes the key.
     */
    private static void requireKeyNotTaken(EntityManager em, Token wanted) {
        if (selectByKey(em, wanted.lookup()).isPresent()) {
            throw new TokenStoreException("key " + wanted.fingerprint() + " already belongs to another token");
        }
    }

    private static Token toToken(AuthToken entity) {
        return Token.of(entity.getKey(), Long.toString(entity.getUserId()), entity.getCreated());
    }

    private <T> T read(String doing, String key, Function<EntityManager, T> work) {
        return transactions.read(doing, key, work);
    }

    private <T> T write(String doing, String key, Function<EntityManager, T> work) throws LostRace {
        return transactions.write(doing, key, work);
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
        return JpaWork.failure(what, cause, key);
    }

    @Override
    public String toString() {
        return "JpaTokenStore[" + factory + "]";
    }
}
