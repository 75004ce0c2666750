package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TokenStore} must meet, as a JUnit suite to extend: implement
 * {@link #newStore()} and every test here runs against your store (the Micrometer TCK's shape).
 *
 * <pre>{@code
 * class RedisTokenStoreTest extends TokenStoreContract {
 *     protected TokenStore newStore() { return new RedisTokenStore(freshRedis()); }
 *     protected void makeStorageFail() { redisServer.stop(); }   // optional
 * }
 * }</pre>
 *
 * <p>The suite adapts to what the store says it can do: a store on Django REST Framework's table
 * ({@link TokenStore#maxTokensPerUser()} 1, no {@linkplain TokenStore#keepsDetails details}) skips
 * the tests of many tokens per user and of details, and is given DRF-like lookup values (40
 * lower-case hex characters); a store for hashed keys is given digests
 * ({@link #digestLookups()}). User ids are small decimal numbers, so stores on Django's integer
 * {@code user_id} column pass.
 *
 * <p>Published in {@code token-auth-core}'s test-jar ({@code <type>test-jar</type>}).
 *
 * @since 0.1
 */
public abstract class TokenStoreContract {

    /** Bounds every concurrent test: a store that deadlocks fails instead of hanging the build. */
    private static final long CONCURRENCY_TIMEOUT_SECONDS = 60;

    private static final int RACERS = 32;
    private static final int CAP = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The store under test: fresh and empty for every test. */
    protected TokenStore store;

    /**
     * Returns a new, empty store. Called before every test.
     *
     * @return the store to test
     * @throws Exception if it cannot be made
     */
    protected abstract TokenStore newStore() throws Exception;

    /**
     * The precision to which the store keeps instants (created, expires, last used): nanoseconds
     * by default. Stores on SQL databases keep microseconds, as Django does. A store must truncate
     * (not round) to its precision, so a token read back equals the one written, truncated.
     *
     * @return the unit to which instants round-trip
     */
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.NANOS;
    }

    /**
     * Whether the lookup values given to the store are digests, as hashed mode stores them
     * ({@code k1$} and 64 hex characters), rather than DRF's 40-hex keys; {@code false} by default.
     * Turn it on for a store whose lookup column is meant for digests.
     *
     * @return whether lookups are digests
     */
    protected boolean digestLookups() {
        return false;
    }

    /**
     * Takes the storage away for real (closes the connection pool, shuts the database down), so
     * that every call after it fails. The default aborts the outage tests: a store in memory has
     * no storage to take away.
     *
     * @throws Exception if the storage cannot be taken away
     */
    protected void makeStorageFail() throws Exception {
        Assumptions.abort("this store has no storage to take away");
    }

    @BeforeEach
    void freshStore() throws Exception {
        store = newStore();
        assertNotNull(store, "newStore() returned null");
    }

    /** A new lookup value, of the shape this store is given. */
    protected final String newLookup() {
        byte[] bytes = new byte[digestLookups() ? 32 : 20];
        RANDOM.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        return digestLookups() ? "k1$" + hex : hex;
    }

    /** A token with a new lookup value, created now. */
    protected final Token newToken(String userId) {
        return Token.of(newLookup(), userId, Instant.now());
    }

    /** A token created at a given time, for tests of order. */
    protected final Token newToken(String userId, Instant created) {
        return Token.of(newLookup(), userId, created);
    }

    /** The token as the store keeps it: instants truncated to {@link #createdPrecision()}, details only if kept. */
    protected final Token asStored(Token token) {
        Token truncated = token.truncatedTo(createdPrecision());
        return store.keepsDetails() ? truncated : Token.of(truncated.lookup(), truncated.userId(), truncated.created());
    }

    private boolean holdsMany() {
        return store.maxTokensPerUser() > 1;
    }

    private void assumeMany() {
        Assumptions.assumeTrue(holdsMany(), "this store holds one token per user");
    }

    private void assumeDetails() {
        Assumptions.assumeTrue(store.keepsDetails(), "this store keeps no details");
    }

    @Nested
    @DisplayName("findByLookup, findByAnyLookup and findAllOf")
    class Find {

        @Test
        @DisplayName("an unknown lookup value is not found")
        void unknown() {
            assertEquals(Optional.empty(), store.findByLookup(newLookup()));
        }

        @Test
        @DisplayName("a stored lookup value is found, with its user and creation time")
        void found() {
            Token token = store.getOrInsert(newToken("1"));

            assertEquals(Optional.of(asStored(token)), store.findByLookup(token.lookup()));
        }

        @Test
        @DisplayName("findByLookup is exact and case-sensitive: upper case, a prefix, a suffix, spaces are not found")
        void exact() {
            Token token = store.getOrInsert(newToken("1"));
            String lookup = token.lookup();
            // A lookup with no letter has no upper-case variant; make sure this one has one.
            String upper = lookup.toUpperCase(Locale.ROOT);
            assertFalse(upper.equals(lookup), "the generated lookup value has no letters; rerun");

            assertEquals(Optional.empty(), store.findByLookup(upper));
            assertEquals(Optional.empty(), store.findByLookup(lookup.substring(0, lookup.length() - 1)));
            assertEquals(Optional.empty(), store.findByLookup(lookup.substring(1)));
            assertEquals(Optional.empty(), store.findByLookup(lookup + " "));
            assertEquals(Optional.empty(), store.findByLookup(" " + lookup));
            assertEquals(Optional.empty(), store.findByLookup(lookup + "0"));
            assertTrue(store.findByLookup(lookup).isPresent());
        }

        @Test
        @DisplayName("very long (10,000 characters), non-ASCII and NUL-containing values are not found, without an exception")
        void oddLookups() {
            Token token = store.getOrInsert(newToken("1"));
            String lookup = token.lookup();

            assertEquals(Optional.empty(), store.findByLookup("a".repeat(10_000)));
            assertEquals(Optional.empty(), store.findByLookup(lookup.repeat(250)));
            assertEquals(Optional.empty(), store.findByLookup("ключ-ключ-ключ"));
            assertEquals(Optional.empty(), store.findByLookup("🔑".repeat(40)));
            assertEquals(Optional.empty(), store.findByLookup("ÿþ"));
            assertEquals(Optional.empty(), store.findByLookup("\0"));
            assertEquals(Optional.empty(), store.findByLookup(lookup + "\0"));
            assertEquals(Optional.empty(), store.findByLookup(lookup.substring(0, 20) + "\0" + lookup.substring(21)));
            assertEquals(Optional.empty(), store.findByLookup("%"));
            assertEquals(Optional.empty(), store.findByLookup("' OR '1'='1"));
            assertTrue(store.findByLookup(lookup).isPresent(), "the real lookup value still works");
        }

        @Test
        @DisplayName("values the database's character set cannot hold (€ and Cyrillic in Latin-1) are not found and not deleted, without an exception")
        void lookupsOutsideTheCharacterSet() {
            Token token = store.getOrInsert(newToken("1"));

            for (String odd : List.of("€€€", "€", "ключ", token.lookup().substring(0, 39) + "€", "ÿ€")) {
                assertEquals(Optional.empty(), store.findByLookup(odd), odd);
                assertEquals(Optional.empty(), store.findByAnyLookup(List.of(odd, newLookup())), odd);
                assertFalse(store.delete(odd), odd);
            }
            assertEquals(Optional.of(asStored(token)), store.findByAnyLookup(List.of("€€€", token.lookup())));
            assertTrue(store.findByLookup(token.lookup()).isPresent(), "the real lookup value still works");
        }

        @Test
        @DisplayName("findByAnyLookup finds the token under any one of several values, and nothing for none")
        void anyLookup() {
            Token token = store.getOrInsert(newToken("1"));

            assertEquals(Optional.of(asStored(token)), store.findByAnyLookup(List.of(newLookup(), token.lookup())));
            assertEquals(Optional.of(asStored(token)), store.findByAnyLookup(List.of(token.lookup(), newLookup())));
            assertEquals(Optional.empty(), store.findByAnyLookup(List.of(newLookup(), newLookup(), "x\0")));
            assertEquals(Optional.empty(), store.findByAnyLookup(List.of()));
        }

        @Test
        @DisplayName("findAllOf lists the user's token, and nothing for a user without one")
        void byUser() {
            Token token = store.getOrInsert(newToken("1"));

            assertEquals(List.of(asStored(token)), store.findAllOf("1"));
            assertEquals(List.of(), store.findAllOf("2"));
            assertEquals(List.of(), store.findAllOf("not a number"));
        }

        @Test
        @DisplayName("findAllOf lists many tokens, most recently used (else created) first")
        void byUserInOrder() {
            assumeMany();
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            Token oldest = newToken("1", t0);
            Token middle = newToken("1", t0.plusSeconds(60));
            Token newest = newToken("1", t0.plusSeconds(120));
            for (Token token : List.of(middle, oldest, newest)) {
                store.insert(token, CAP);
            }
            assertEquals(List.of(asStored(newest), asStored(middle), asStored(oldest)), store.findAllOf("1"));

            store.touch(oldest.lookup(), t0.plusSeconds(600), null);

            assertEquals(List.of(oldest.lookup(), newest.lookup(), middle.lookup()),
                    store.findAllOf("1").stream().map(Token::lookup).toList());
        }
    }

    @Nested
    @DisplayName("getOrInsert")
    class GetOrInsert {

        @Test
        @DisplayName("stores the candidate when the user has no token")
        void creates() {
            Token candidate = newToken("1");

            Token token = store.getOrInsert(candidate);

            assertEquals(asStored(candidate), token);
            assertEquals(Optional.of(token), store.findByLookup(candidate.lookup()));
        }

        @Test
        @DisplayName("returns the existing token, and does not store the new candidate")
        void returnsExisting() {
            Token first = store.getOrInsert(newToken("1"));
            Token second = newToken("1");

            assertEquals(first, store.getOrInsert(second));
            assertEquals(Optional.empty(), store.findByLookup(second.lookup()));
            assertEquals(List.of(first), store.findAllOf("1"));
        }

        @Test
        @DisplayName("each user gets their own token")
        void perUser() {
            Token one = store.getOrInsert(newToken("1"));
            Token two = store.getOrInsert(newToken("2"));

            assertFalse(one.lookup().equals(two.lookup()));
            assertEquals(Optional.of(one), store.findByLookup(one.lookup()));
            assertEquals(Optional.of(two), store.findByLookup(two.lookup()));
        }

        @Test
        @DisplayName("32 concurrent calls for one user yield one token, and exactly one is stored")
        void concurrent() throws Exception {
            List<Token> candidates = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                candidates.add(newToken("7"));
            }

            List<Token> results = race(candidates, store::getOrInsert);

            Set<Token> distinct = new HashSet<>(results);
            assertEquals(1, distinct.size(), "every caller must get the same token, but got " + distinct);
            Token winner = results.get(0);
            assertEquals(List.of(winner), store.findAllOf("7"));
            int found = 0;
            for (Token candidate : candidates) {
                if (store.findByLookup(candidate.lookup()).isPresent()) {
                    found++;
                    assertEquals(winner.lookup(), candidate.lookup());
                }
            }
            assertEquals(1, found, "exactly one candidate must be stored");
        }

        @Test
        @DisplayName("a lookup value that already belongs to another token is refused, and nothing changes")
        void lookupCollision() {
            Token other = store.getOrInsert(newToken("1"));

            TokenStoreException e = assertThrows(TokenStoreException.class,
                    () -> store.getOrInsert(Token.of(other.lookup(), "2", Instant.now())));

            assertNoKeyIn(e, other.lookup());
            assertEquals(Optional.of(other), store.findByLookup(other.lookup()));
            assertEquals(List.of(), store.findAllOf("2"));
        }
    }

    @Nested
    @DisplayName("insert")
    class Insert {

        @Test
        @DisplayName("into a user with no token: stored, nothing evicted")
        void first() {
            Token token = newToken("1");

            assertEquals(List.of(), store.insert(token, 1));

            assertEquals(List.of(asStored(token)), store.findAllOf("1"));
        }

        @Test
        @DisplayName("with a cap of 1 it replaces: the old lookup value is unknown, the new one found, the old one reported")
        void replaces() {
            Token old = store.getOrInsert(newToken("1"));
            Token fresh = newToken("1");

            assertEquals(List.of(old), store.insert(fresh, 1));

            assertEquals(Optional.empty(), store.findByLookup(old.lookup()));
            assertEquals(Optional.of(asStored(fresh)), store.findByLookup(fresh.lookup()));
            assertEquals(List.of(asStored(fresh)), store.findAllOf("1"));
        }

        @Test
        @DisplayName("leaves other users' tokens alone")
        void othersUntouched() {
            Token other = store.getOrInsert(newToken("2"));
            store.getOrInsert(newToken("1"));

            store.insert(newToken("1"), 1);

            assertEquals(Optional.of(other), store.findByLookup(other.lookup()));
        }

        @Test
        @DisplayName("a cap under 1, or over what the store holds, is refused")
        void badCap() {
            assertThrows(IllegalArgumentException.class, () -> store.insert(newToken("1"), 0));
            if (store.maxTokensPerUser() < Integer.MAX_VALUE) {
                assertThrows(IllegalArgumentException.class, () -> store.insert(newToken("1"), store.maxTokensPerUser() + 1));
            }
            assertEquals(List.of(), store.findAllOf("1"));
        }

        @Test
        @DisplayName("a lookup value that belongs to another token is refused, and the user keeps their token")
        void lookupCollision() {
            Token other = store.getOrInsert(newToken("1"));
            Token mine = store.getOrInsert(newToken("2"));

            TokenStoreException e = assertThrows(TokenStoreException.class,
                    () -> store.insert(Token.of(other.lookup(), "2", Instant.now()), 1));

            assertNoKeyIn(e, other.lookup());
            assertEquals(Optional.of(other), store.findByLookup(other.lookup()));
            assertEquals(Optional.of(mine), store.findByLookup(mine.lookup()));
        }

        @Test
        @DisplayName("32 concurrent replaces for one user: one token left, every other one reported evicted and gone")
        void concurrentReplaces() throws Exception {
            store.getOrInsert(newToken("7"));
            raceInserts(1);
        }

        @Test
        @DisplayName("under a cap, nothing is evicted; at the cap, the least recently used one is")
        void evictsLeastRecentlyUsed() {
            assumeMany();
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            List<Token> tokens = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Token token = newToken("1", t0.plusSeconds(i));
                tokens.add(token);
                assertEquals(List.of(), store.insert(token, 3));
            }
            store.touch(tokens.get(0).lookup(), t0.plusSeconds(100), null); // the oldest is now the most recently used

            List<Token> evicted = store.insert(newToken("1", t0.plusSeconds(200)), 3);

            assertEquals(List.of(tokens.get(1).lookup()), evicted.stream().map(Token::lookup).toList());
            assertEquals(Optional.empty(), store.findByLookup(tokens.get(1).lookup()));
            assertEquals(3, store.findAllOf("1").size());
            assertTrue(store.findByLookup(tokens.get(0).lookup()).isPresent());
        }

        @Test
        @DisplayName("a cap lowered below what a user holds evicts down to it")
        void lowerCap() {
            assumeMany();
            for (int i = 0; i < 5; i++) {
                store.insert(newToken("1"), 5);
            }

            assertEquals(4, store.insert(newToken("1"), 2).size());

            assertEquals(2, store.findAllOf("1").size());
        }

        @Test
        @DisplayName("32 concurrent inserts with a cap of 10: exactly 10 left, every other one reported evicted and gone")
        void concurrentUnderCap() throws Exception {
            assumeMany();
            raceInserts(CAP);
        }

        @Test
        @DisplayName("16 logins and 16 refreshes of one user's tokens at once, at the cap: no overrun, evicted tokens gone, "
                + "refreshed ones kept their new use")
        void concurrentLoginsAndRefreshes() throws Exception {
            assumeMany();
            assumeDetails();
            List<Token> existing = new ArrayList<>();
            for (int i = 0; i < CAP; i++) {
                Token token = newToken("7");
                store.insert(token, CAP);
                existing.add(token);
            }
            Instant later = Instant.now().plusSeconds(3600);
            List<Runnable> work = new ArrayList<>();
            List<List<Token>> evictions = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < RACERS / 2; i++) {
                Token fresh = newToken("7");
                work.add(() -> evictions.add(store.insert(fresh, CAP)));
                Token refreshed = existing.get(i % CAP);
                work.add(() -> store.touch(refreshed.lookup(), later, later.plusSeconds(60)));
            }

            race(work, job -> {
                job.run();
                return null;
            });

            List<Token> left = store.findAllOf("7");
            assertEquals(CAP, left.size(), "the user must hold exactly the cap");
            for (List<Token> eviction : evictions) {
                for (Token token : eviction) {
                    assertEquals(Optional.empty(), store.findByLookup(token.lookup()), "an evicted token is found");
                }
            }
            for (Token token : left) {
                if (existing.stream().anyMatch(e -> e.lookup().equals(token.lookup()))) {
                    assertEquals(Optional.of(later.truncatedTo(createdPrecision())), token.lastUsed(),
                            "a pre-existing token that survived was one the refreshes made recently used");
                }
            }
        }

        /**
         * Races {@link #RACERS} inserts for one user with {@code cap}: no cap overrun, no lost
         * token (each is stored or reported evicted, once), no evicted token found.
         */
        private void raceInserts(int cap) throws Exception {
            List<Token> before = store.findAllOf("7");
            List<Token> candidates = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                candidates.add(newToken("7"));
            }

            List<List<Token>> evictions = race(candidates, token -> store.insert(token, cap));

            Set<String> left = new HashSet<>();
            store.findAllOf("7").forEach(t -> left.add(t.lookup()));
            assertEquals(cap, left.size(), "the user must hold exactly the cap");
            Set<String> evicted = new HashSet<>();
            int reports = 0;
            for (List<Token> eviction : evictions) {
                for (Token token : eviction) {
                    reports++;
                    evicted.add(token.lookup());
                    assertEquals(Optional.empty(), store.findByLookup(token.lookup()), "an evicted token is found");
                }
            }
            assertEquals(evicted.size(), reports, "a token was reported evicted twice");
            Set<String> all = new HashSet<>();
            before.forEach(t -> all.add(t.lookup()));
            candidates.forEach(t -> all.add(t.lookup()));
            Set<String> accounted = new HashSet<>(left);
            accounted.addAll(evicted);
            assertEquals(all, accounted, "every token must be stored or reported evicted");
            assertTrue(left.stream().noneMatch(evicted::contains), "a token is both stored and evicted");
        }
    }

    @Nested
    @DisplayName("delete and deleteAllOf")
    class Delete {

        @Test
        @DisplayName("delete removes the token and returns true, then false")
        void deletes() {
            Token token = store.getOrInsert(newToken("1"));

            assertTrue(store.delete(token.lookup()));
            assertEquals(Optional.empty(), store.findByLookup(token.lookup()));
            assertEquals(List.of(), store.findAllOf("1"));
            assertFalse(store.delete(token.lookup()));
        }

        @Test
        @DisplayName("delete of an absent lookup value is a no-op")
        void absent() {
            Token token = store.getOrInsert(newToken("1"));

            assertFalse(store.delete(newLookup()));
            assertFalse(store.delete(token.lookup().toUpperCase(Locale.ROOT)));
            assertFalse(store.delete("x".repeat(10_000)));
            assertFalse(store.delete("\0"));
            assertEquals(Optional.of(token), store.findByLookup(token.lookup()));
        }

        @Test
        @DisplayName("a user whose token was deleted gets a new one from getOrInsert")
        void recreate() {
            Token old = store.getOrInsert(newToken("1"));
            store.delete(old.lookup());
            Token fresh = newToken("1");

            assertEquals(asStored(fresh), store.getOrInsert(fresh));
        }

        @Test
        @DisplayName("deleteAllOf removes the user's tokens only, and counts them")
        void deleteAllOf() {
            Token mine = store.getOrInsert(newToken("1"));
            Token other = store.getOrInsert(newToken("2"));
            int expected = 1;
            if (holdsMany()) {
                store.insert(newToken("1"), CAP);
                expected = 2;
            }

            assertEquals(expected, store.deleteAllOf("1"));
            assertEquals(Optional.empty(), store.findByLookup(mine.lookup()));
            assertEquals(List.of(), store.findAllOf("1"));
            assertEquals(Optional.of(other), store.findByLookup(other.lookup()));
            assertEquals(0, store.deleteAllOf("1"));
            assertEquals(0, store.deleteAllOf("3"));
        }
    }

    @Nested
    @DisplayName("details: name, expiry, last use, scopes")
    class Details {

        @Test
        @DisplayName("they round-trip through insert, findByLookup and findAllOf")
        void roundTrip() {
            assumeDetails();
            Token token = Token.builder(newLookup(), "1", Instant.parse("2026-11-28T12:00:00.123456789Z"))
                    .name("laptop · Firefox für José")
                    .expires(Instant.parse("2126-12-28T12:00:00.987654321Z"))
                    .lastUsed(Instant.parse("2026-11-29T08:00:00.5Z"))
                    .scopes(Set.of("polls:write", "polls:read"))
                    .build();

            store.insert(token, 1);

            assertEquals(Optional.of(asStored(token)), store.findByLookup(token.lookup()));
            assertEquals(List.of(asStored(token)), store.findAllOf("1"));
        }

        @Test
        @DisplayName("a name the database's character set cannot hold is stored exactly or refused with IllegalArgumentException, never altered")
        void nameOutsideTheCharacterSet() {
            assumeDetails();
            Token token = Token.builder(newLookup(), "1", Instant.now()).name("€ – 🔑 телефон").build();

            try {
                store.insert(token, 1);
                assertEquals(Optional.of(asStored(token)), store.findByLookup(token.lookup()), "stored exactly");
            } catch (IllegalArgumentException refused) {
                assertTrue(refused.getMessage().contains("character set"), refused.getMessage());
                assertFalse(refused.getMessage().contains(token.lookup()), "the message never quotes the lookup value");
                assertEquals(Optional.empty(), store.findByLookup(token.lookup()), "nothing stored");
                assertEquals(List.of(), store.findAllOf("1"));
            }
            Token plain = store.getOrInsert(newToken("1"));
            assertTrue(store.findByLookup(plain.lookup()).isPresent(), "the store still works");
        }

        @Test
        @DisplayName("touch records the last use and a new expiry; a null expiry leaves it as it was")
        void touch() {
            assumeDetails();
            Instant expires = Instant.parse("2127-01-01T00:00:00Z"); // far off: a store that expires entries by date (Redis) must still hold it
            Token token = Token.builder(newLookup(), "1", Instant.now()).expires(expires).build();
            store.insert(token, 1);
            Instant used = Instant.parse("2026-12-01T10:00:00.000001Z");

            assertTrue(store.touch(token.lookup(), used, null));
            assertEquals(Optional.of(used), store.findByLookup(token.lookup()).orElseThrow().lastUsed());
            assertEquals(Optional.of(expires), store.findByLookup(token.lookup()).orElseThrow().expires());

            Instant later = Instant.parse("2127-02-01T00:00:00Z");
            assertTrue(store.touch(token.lookup(), used.plusSeconds(60), later));
            assertEquals(Optional.of(later), store.findByLookup(token.lookup()).orElseThrow().expires());
            assertFalse(store.touch(newLookup(), used, null), "an unknown token is not touched");
        }

        @Test
        @DisplayName("a store without details drops them, and touch changes nothing")
        void dropped() {
            Assumptions.assumeFalse(store.keepsDetails(), "this store keeps details");
            Token token = Token.builder(newLookup(), "1", Instant.now()).name("phone")
                    .expires(Instant.now().plusSeconds(60)).scopes(Set.of("a")).build();

            Token stored = store.getOrInsert(token);

            assertEquals(asStored(token), stored);
            assertEquals("", stored.name());
            assertFalse(store.touch(token.lookup(), Instant.now(), Instant.now()));
            assertEquals(Optional.of(stored), store.findByLookup(token.lookup()));
        }
    }

    @Nested
    @DisplayName("created")
    class Created {

        @Test
        @DisplayName("the creation time round-trips to the store's precision")
        void roundTrips() {
            Instant created = Instant.parse("2026-11-28T12:34:56.123456789Z");
            Token candidate = Token.of(newLookup(), "1", created);

            Token stored = store.getOrInsert(candidate);

            Instant expected = created.truncatedTo(createdPrecision());
            assertEquals(expected, stored.created());
            assertEquals(expected, store.findByLookup(candidate.lookup()).orElseThrow().created());
            assertEquals(expected, store.findAllOf("1").get(0).created());
        }

        @Test
        @DisplayName("a replacing insert stores the new creation time")
        void replaceStoresNewTime() {
            store.getOrInsert(Token.of(newLookup(), "1", Instant.parse("2020-01-01T00:00:00Z")));
            Instant later = Instant.parse("2026-11-28T08:00:00.000001Z");

            store.insert(Token.of(newLookup(), "1", later), 1);

            assertEquals(later.truncatedTo(createdPrecision()), store.findAllOf("1").get(0).created());
        }
    }

    @Nested
    @DisplayName("when the storage fails")
    class Outage {

        private Token existing;

        @BeforeEach
        void takeStorageAway() throws Exception {
            existing = store.getOrInsert(newToken("1"));
            makeStorageFail();
        }

        @Test
        @DisplayName("findByLookup and findByAnyLookup throw TokenStoreException, never an empty result")
        void findByLookup() {
            assertFails(() -> store.findByLookup(existing.lookup()), existing.lookup());
            assertFails(() -> store.findByAnyLookup(List.of(newLookup(), existing.lookup())), existing.lookup());
        }

        @Test
        @DisplayName("findAllOf throws TokenStoreException")
        void findAllOf() {
            assertFails(() -> store.findAllOf("1"), existing.lookup());
        }

        @Test
        @DisplayName("getOrInsert throws TokenStoreException")
        void getOrInsert() {
            Token candidate = newToken("2");
            assertFails(() -> store.getOrInsert(candidate), candidate.lookup());
        }

        @Test
        @DisplayName("insert throws TokenStoreException")
        void insert() {
            Token fresh = newToken("1");
            assertFails(() -> store.insert(fresh, 1), fresh.lookup());
        }

        @Test
        @DisplayName("delete throws TokenStoreException, never false")
        void delete() {
            assertFails(() -> store.delete(existing.lookup()), existing.lookup());
        }

        @Test
        @DisplayName("deleteAllOf throws TokenStoreException, never 0")
        void deleteAllOf() {
            assertFails(() -> store.deleteAllOf("1"), existing.lookup());
        }

        @Test
        @DisplayName("touch throws TokenStoreException where the store keeps details")
        void touch() {
            assumeDetails();
            assertFails(() -> store.touch(existing.lookup(), Instant.now(), null), existing.lookup());
        }

        private void assertFails(Callable<?> call, String key) {
            try {
                Object result = call.call();
                fail("expected TokenStoreException, but the store answered " + result);
            } catch (TokenStoreException e) {
                assertNoKeyIn(e, key);
            } catch (Exception e) {
                throw new AssertionError("expected TokenStoreException, but got " + e, e);
            }
        }
    }

    /** Neither the message nor any cause, as a stack trace would print them, holds the key. */
    protected static void assertNoKeyIn(Throwable failure, String key) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(key), () -> "the failure quotes the key:\n" + trace);
    }

    /**
     * Calls {@code action} on every input at once, one thread each, and returns the results in
     * input order. Fails if any call throws or the race takes over a minute.
     */
    public static <T, R> List<R> race(List<T> inputs, Function<T, R> action) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(inputs.size());
        try {
            CountDownLatch ready = new CountDownLatch(inputs.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<R>> futures = new ArrayList<>();
            for (T input : inputs) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return action.apply(input);
                }));
            }
            assertTrue(ready.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS), "threads did not start");
            go.countDown();
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                try {
                    results.add(future.get(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a concurrent call failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent call took over " + CONCURRENCY_TIMEOUT_SECONDS + " s", e);
                }
            }
            return results;
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
