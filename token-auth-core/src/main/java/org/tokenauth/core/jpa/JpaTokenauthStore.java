package org.tokenauth.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.SqlTokenStores;
import org.tokenauth.core.jpa.JpaWork.LostRace;

/**
 * A {@link TokenStore} through JPA (Hibernate, EclipseLink) on token-auth's own table,
 * {@code tokenauth_token}, mapped by the {@link TokenauthToken} entity: many named tokens per user,
 * keys hashed at rest, expiry, last use and scopes. Add {@code TokenauthToken.class} to the
 * persistence unit, and create the table with the script in this jar for your database
 * ({@code org/tokenauth/core/sql/tokenauth_token.<database>.sql}).
 *
 * <p><b>User ids</b> are integers ({@code bigint}): {@link Token#userId()} must be the decimal text
 * of a {@code long}. For UUID or text ids use {@code JdbcTokenauthStore} with its {@code UserIdType}.
 *
 * <p><b>The cap, across processes.</b> As in {@code JdbcTokenauthStore}: each token holds one of
 * its user's slots and {@code (user_id, slot)} is unique; {@link #insert} locks the user's rows
 * ({@link LockModeType#PESSIMISTIC_WRITE}), removes the least recently used beyond the cap and
 * takes a free slot, in one transaction, and tries again when a concurrent insert took the slot
 * first.
 *
 * <p><b>Failures.</b> Every {@link PersistenceException} becomes a {@link TokenStoreException}
 * whose message and causes never quote a lookup value, except one: a name or scopes that the
 * database's character set cannot hold ({@code €} in a database encoded {@code LATIN1}) are
 * refused with {@link IllegalArgumentException}, never stored altered. Hibernate itself logs the SQL errors it
 * sees, at WARN, in the category {@code org.hibernate.orm.jdbc.error}: a lost race shows there as
 * a duplicate slot. Set that category to {@code ERROR} in production.
 *
 * <p>Thread-safe: holds nothing but the factory.
 *
 * @since 0.1
 */
public final class JpaTokenauthStore implements TokenStore {

    private static final String TABLE = "tokenauth_token";

    /** Tries of a write that keeps losing races; each lost try means another writer succeeded. */
    private static final int MAX_ROUNDS = 100;

    private final JpaWork work;

    /**
     * A store on the persistence unit behind {@code factory}, which must list {@link TokenauthToken}.
     *
     * @param factory the application's entity manager factory
     * @throws NullPointerException if {@code factory} is {@code null}
     */
    public JpaTokenauthStore(EntityManagerFactory factory) {
        this.work = new JpaWork(Objects.requireNonNull(factory, "factory"));
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        return findByAnyLookup(List.of(Objects.requireNonNull(lookup, "lookup")));
    }

    /** One query, {@code where lookup in (…)}, whatever the number of values. */
    @Override
    public Optional<Token> findByAnyLookup(List<String> lookups) {
        List<String> possible = SqlTokenStores.fittingLookups(lookups);
        if (possible.isEmpty()) {
            return Optional.empty();
        }
        List<TokenauthToken> rows = work.read("could not look up a token", possible.get(0), em -> em
                .createQuery("select t from TokenauthToken t where t.lookup in :lookups", TokenauthToken.class)
                .setParameter("lookups", possible)
                .getResultList());
        return SqlTokenStores.firstAsked(possible, rows.stream().map(TokenauthToken::toToken).toList());
    }

    @Override
    public List<Token> findAllOf(String userId) {
        Long id = SqlTokenStores.integerUserId(Objects.requireNonNull(userId, "userId"));
        if (id == null) {
            return List.of();
        }
        return tokens(work.read("could not list the tokens of user " + userId, null, em -> selectByUser(em, id, false)));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the token's values do not fit their columns, or its
     *                                  user id is not the decimal text of a long
     */
    @Override
    public Token getOrInsert(Token candidate) {
        Token wanted = SqlTokenStores.storableWithDetails(candidate, TABLE);
        long userId = requireUserId(wanted.userId());
        String doing = "could not get or create the token of user " + wanted.userId();
        PersistenceException lost = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Token> existing = findAllOf(wanted.userId());
            if (!existing.isEmpty()) {
                return SqlTokenStores.mostRecentlyCreated(existing);
            }
            try {
                return work.write(doing, wanted.lookup(), em -> {
                    requireLookupFree(em, wanted);
                    em.persist(new TokenauthToken(wanted, userId, 0));
                    em.flush();
                    return wanted;
                });
            } catch (LostRace race) {
                lost = race.cause;
            }
        }
        throw JpaWork.failure(doing + ": it kept losing races to concurrent writers", lost, wanted.lookup());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code maxPerUser} is under 1, the token's values do not
     *                                  fit their columns, or its user id is not the decimal text
     *                                  of a long
     */
    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        SqlTokenStores.requireMaxPerUser(maxPerUser, Integer.MAX_VALUE, TABLE);
        Token wanted = SqlTokenStores.storableWithDetails(token, TABLE);
        long userId = requireUserId(wanted.userId());
        String doing = "could not insert a token of user " + wanted.userId();
        PersistenceException lost = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            try {
                return work.write(doing, wanted.lookup(), em -> {
                    requireLookupFree(em, wanted);
                    List<TokenauthToken> mine = selectByUser(em, userId, true);
                    mine.sort((a, b) -> MOST_RECENTLY_USED_FIRST.compare(a.toToken(), b.toToken()));
                    List<Token> evicted = new ArrayList<>();
                    BitSet taken = new BitSet();
                    for (int i = 0; i < mine.size(); i++) {
                        if (i < maxPerUser - 1) {
                            taken.set(mine.get(i).getSlot());
                        } else {
                            evicted.add(mine.get(i).toToken());
                            em.remove(mine.get(i));
                        }
                    }
                    em.flush(); // deletes first: Hibernate would otherwise insert into a slot still taken
                    em.persist(new TokenauthToken(wanted, userId, taken.nextClearBit(0)));
                    em.flush();
                    return evicted;
                });
            } catch (LostRace race) {
                lost = race.cause;
            }
        }
        throw JpaWork.failure(doing + ": it kept losing races to concurrent writers", lost, wanted.lookup());
    }

    @Override
    public boolean delete(String lookup) {
        if (findByLookup(lookup).isEmpty()) { // exact, whatever the collation
            return false;
        }
        try {
            return work.write("could not delete a token", lookup, em -> em
                    .createQuery("delete from TokenauthToken t where t.lookup = :lookup")
                    .setParameter("lookup", lookup)
                    .executeUpdate() > 0);
        } catch (LostRace race) {
            throw JpaWork.failure("could not delete a token", race.cause, lookup);
        }
    }

    @Override
    public int deleteAllOf(String userId) {
        Long id = SqlTokenStores.integerUserId(Objects.requireNonNull(userId, "userId"));
        if (id == null) {
            return 0;
        }
        String doing = "could not delete the tokens of user " + userId;
        try {
            return work.write(doing, null, em -> em
                    .createQuery("delete from TokenauthToken t where t.userId = :userId")
                    .setParameter("userId", id)
                    .executeUpdate());
        } catch (LostRace race) {
            throw JpaWork.failure(doing, race.cause, null);
        }
    }

    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(lastUsed, "lastUsed");
        if (!SqlTokenStores.fitsLookupColumn(lookup)) {
            return false;
        }
        String doing = "could not record the use of a token";
        try {
            return work.write(doing, lookup, em -> {
                var update = em.createQuery("update TokenauthToken t set t.lastUsed = :used"
                                + (expires == null ? "" : ", t.expires = :expires") + " where t.lookup = :lookup")
                        .setParameter("used", lastUsed.truncatedTo(ChronoUnit.MICROS))
                        .setParameter("lookup", lookup);
                if (expires != null) {
                    update.setParameter("expires", expires.truncatedTo(ChronoUnit.MICROS));
                }
                return update.executeUpdate() > 0;
            });
        } catch (LostRace race) {
            throw JpaWork.failure(doing, race.cause, lookup);
        }
    }

    private static List<TokenauthToken> selectByUser(EntityManager em, long userId, boolean lock) {
        // Locked in lookup order, so that concurrent inserts queue rather than deadlock.
        var query = em.createQuery("select t from TokenauthToken t where t.userId = :userId order by t.lookup", TokenauthToken.class)
                .setParameter("userId", userId);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return new ArrayList<>(query.getResultList());
    }

    /** Checked before writing: Hibernate logs every SQL error it sees, and a duplicate-key message quotes the value. */
    private static void requireLookupFree(EntityManager em, Token wanted) {
        List<String> found = em.createQuery("select t.lookup from TokenauthToken t where t.lookup = :lookup", String.class)
                .setParameter("lookup", wanted.lookup())
                .getResultList();
        if (found.stream().anyMatch(stored -> SqlTokenStores.sameLookup(stored, wanted.lookup()))) {
            throw new TokenStoreException("lookup value " + wanted.fingerprint() + " already belongs to another token");
        }
    }

    private static List<Token> tokens(List<TokenauthToken> rows) {
        List<Token> tokens = new ArrayList<>(rows.size());
        for (TokenauthToken row : rows) {
            tokens.add(row.toToken());
        }
        tokens.sort(MOST_RECENTLY_USED_FIRST);
        return List.copyOf(tokens);
    }

    private static long requireUserId(String userId) {
        Long id = SqlTokenStores.integerUserId(userId);
        if (id == null) {
            throw new IllegalArgumentException("user id '" + userId + "' is not the decimal text of a long (like 42)");
        }
        return id;
    }

    @Override
    public String toString() {
        return "JpaTokenauthStore[" + work + "]";
    }
}
