package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
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
 * <p>Published in {@code token-auth-core}'s test-jar ({@code <type>test-jar</type>}). User ids
 * here are small decimal numbers, so stores on Django's integer {@code user_id} column pass; keys
 * are 40 lower-case hex characters, like DRF's.
 *
 * @since 0.1
 */
public abstract class TokenStoreContract {

    /** Bounds every concurrent test: a store that deadlocks fails instead of hanging the build. */
    private static final long CONCURRENCY_TIMEOUT_SECONDS = 60;

    private static final int RACERS = 32;

    private final TokenGenerator keys = TokenGenerator.secureRandomHex();

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
     * The precision to which the store keeps {@link Token#created()}: nanoseconds by default.
     * Stores on SQL databases keep microseconds, as Django does. A store must truncate (not round)
     * to its precision, so a token read back equals the one written, truncated.
     *
     * @return the unit to which created instants round-trip
     */
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.NANOS;
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

    /** A new DRF-like key. */
    protected final String newKey() {
        return keys.generate();
    }

    /** A token with a new key, created now. */
    protected final Token newToken(String userId) {
        return Token.of(newKey(), userId, Instant.now());
    }

    /** The token as the store keeps it: created truncated to {@link #createdPrecision()}. */
    protected final Token asStored(Token token) {
        return Token.of(token.key(), token.userId(), token.created().truncatedTo(createdPrecision()));
    }

    @Nested
    @DisplayName("findByKey")
    class FindByKey {

        @Test
        @DisplayName("an unknown key is not found")
        void unknown() {
            assertEquals(Optional.empty(), store.findByKey(newKey()));
        }

        @Test
        @DisplayName("a stored key is found, with its user and creation time")
        void found() {
            Token token = store.getOrCreate(newToken("1"));

            assertEquals(Optional.of(asStored(token)), store.findByKey(token.key()));
        }

        @Test
        @DisplayName("findByKey is exact and case-sensitive: upper case, a prefix, a suffix, spaces are not found")
        void exact() {
            Token token = store.getOrCreate(newToken("1"));
            String key = token.key();
            // A key with no letter has no upper-case variant; make sure this one has one.
            String upper = key.toUpperCase(Locale.ROOT);
            assertFalse(upper.equals(key), "the generated key has no letters; rerun");

            assertEquals(Optional.empty(), store.findByKey(upper));
            assertEquals(Optional.empty(), store.findByKey(key.substring(0, key.length() - 1)));
            assertEquals(Optional.empty(), store.findByKey(key.substring(1)));
            assertEquals(Optional.empty(), store.findByKey(key + " "));
            assertEquals(Optional.empty(), store.findByKey(" " + key));
            assertEquals(Optional.empty(), store.findByKey(key + "0"));
            assertTrue(store.findByKey(key).isPresent());
        }

        @Test
        @DisplayName("very long (10,000 characters), non-ASCII and NUL-containing keys are not found, without an exception")
        void oddKeys() {
            Token token = store.getOrCreate(newToken("1"));

            assertEquals(Optional.empty(), store.findByKey("a".repeat(10_000)));
            assertEquals(Optional.empty(), store.findByKey(token.key().repeat(250)));
            assertEquals(Optional.empty(), store.findByKey("ключ-ключ-ключ"));
            assertEquals(Optional.empty(), store.findByKey("🔑".repeat(40)));
            assertEquals(Optional.empty(), store.findByKey("ÿþ"));
            assertEquals(Optional.empty(), store.findByKey("\0"));
            assertEquals(Optional.empty(), store.findByKey(token.key() + "\0"));
            assertEquals(Optional.empty(), store.findByKey(token.key().substring(0, 20) + "\0" + token.key().substring(21)));
            assertEquals(Optional.empty(), store.findByKey("%"));
            assertEquals(Optional.empty(), store.findByKey("' OR '1'='1"));
            assertTrue(store.findByKey(token.key()).isPresent(), "the real key still works");
        }

        @Test
        @DisplayName("findByUserId finds the user's token, and nothing for a user without one")
        void byUser() {
            Token token = store.getOrCreate(newToken("1"));

            assertEquals(Optional.of(asStored(token)), store.findByUserId("1"));
            assertEquals(Optional.empty(), store.findByUserId("2"));
        }
    }

    @Nested
    @DisplayName("getOrCreate")
    class GetOrCreate {

        @Test
        @DisplayName("stores the candidate when the user has no token")
        void creates() {
            Token candidate = newToken("1");

            Token token = store.getOrCreate(candidate);

            assertEquals(asStored(candidate), token);
            assertEquals(Optional.of(token), store.findByKey(candidate.key()));
        }

        @Test
        @DisplayName("returns the existing token, and does not store the new candidate")
        void returnsExisting() {
            Token first = store.getOrCreate(newToken("1"));
            Token second = newToken("1");

            assertEquals(first, store.getOrCreate(second));
            assertEquals(Optional.empty(), store.findByKey(second.key()));
            assertEquals(Optional.of(first), store.findByUserId("1"));
        }

        @Test
        @DisplayName("each user gets their own token")
        void perUser() {
            Token one = store.getOrCreate(newToken("1"));
            Token two = store.getOrCreate(newToken("2"));

            assertFalse(one.key().equals(two.key()));
            assertEquals(Optional.of(one), store.findByKey(one.key()));
            assertEquals(Optional.of(two), store.findByKey(two.key()));
        }

        @Test
        @DisplayName("32 concurrent calls for one user yield one token, and exactly one is stored")
        void concurrent() throws Exception {
            List<Token> candidates = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                candidates.add(newToken("7"));
            }

            List<Token> results = race(candidates, store::getOrCreate);

            Set<Token> distinct = new HashSet<>(results);
            assertEquals(1, distinct.size(), "every caller must get the same token, but got " + distinct);
            Token winner = results.get(0);
            assertEquals(Optional.of(winner), store.findByUserId("7"));
            int found = 0;
            for (Token candidate : candidates) {
                if (store.findByKey(candidate.key()).isPresent()) {
                    found++;
                    assertEquals(winner.key(), candidate.key());
                }
            }
            assertEquals(1, found, "exactly one candidate's key must be stored");
        }

        @Test
        @DisplayName("a key that already belongs to another user is refused, and nothing changes")
        void keyCollision() {
            Token other = store.getOrCreate(newToken("1"));

            TokenStoreException e = assertThrows(TokenStoreException.class,
                    () -> store.getOrCreate(Token.of(other.key(), "2", Instant.now())));

            assertNoKeyIn(e, other.key());
            assertEquals(Optional.of(other), store.findByKey(other.key()));
            assertEquals(Optional.empty(), store.findByUserId("2"));
        }
    }

    @Nested
    @DisplayName("replace")
    class Replace {

        @Test
        @DisplayName("makes the old key unknown and the new one found")
        void replaces() {
            Token old = store.getOrCreate(newToken("1"));
            Token fresh = newToken("1");

            assertEquals(asStored(fresh), store.replace(fresh));

            assertEquals(Optional.empty(), store.findByKey(old.key()));
            assertEquals(Optional.of(asStored(fresh)), store.findByKey(fresh.key()));
            assertEquals(Optional.of(asStored(fresh)), store.findByUserId("1"));
        }

        @Test
        @DisplayName("stores the token of a user who had none")
        void createsWhenAbsent() {
            Token fresh = newToken("1");

            store.replace(fresh);

            assertEquals(Optional.of(asStored(fresh)), store.findByUserId("1"));
        }

        @Test
        @DisplayName("leaves other users' tokens alone")
        void othersUntouched() {
            Token other = store.getOrCreate(newToken("2"));
            store.getOrCreate(newToken("1"));

            store.replace(newToken("1"));

            assertEquals(Optional.of(other), store.findByKey(other.key()));
        }

        @Test
        @DisplayName("32 concurrent replaces for one user all succeed and leave exactly one token")
        void concurrent() throws Exception {
            store.getOrCreate(newToken("7"));
            List<Token> candidates = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                candidates.add(newToken("7"));
            }

            race(candidates, store::replace);

            Token left = store.findByUserId("7").orElseThrow(() -> new AssertionError("the user lost their token"));
            int found = 0;
            for (Token candidate : candidates) {
                if (store.findByKey(candidate.key()).isPresent()) {
                    found++;
                    assertEquals(left.key(), candidate.key());
                }
            }
            assertEquals(1, found, "exactly one candidate's key must be stored");
        }

        @Test
        @DisplayName("a key that belongs to another user is refused, and the user keeps their old token")
        void keyCollision() {
            Token other = store.getOrCreate(newToken("1"));
            Token mine = store.getOrCreate(newToken("2"));

            TokenStoreException e = assertThrows(TokenStoreException.class,
                    () -> store.replace(Token.of(other.key(), "2", Instant.now())));

            assertNoKeyIn(e, other.key());
            assertEquals(Optional.of(other), store.findByKey(other.key()));
            assertEquals(Optional.of(mine), store.findByKey(mine.key()));
        }
    }

    @Nested
    @DisplayName("delete and deleteAllOf")
    class Delete {

        @Test
        @DisplayName("delete removes the token and returns true, then false")
        void deletes() {
            Token token = store.getOrCreate(newToken("1"));

            assertTrue(store.delete(token.key()));
            assertEquals(Optional.empty(), store.findByKey(token.key()));
            assertEquals(Optional.empty(), store.findByUserId("1"));
            assertFalse(store.delete(token.key()));
        }

        @Test
        @DisplayName("delete of an absent key is a no-op")
        void absent() {
            Token token = store.getOrCreate(newToken("1"));

            assertFalse(store.delete(newKey()));
            assertFalse(store.delete(token.key().toUpperCase(Locale.ROOT)));
            assertFalse(store.delete("x".repeat(10_000)));
            assertFalse(store.delete("\0"));
            assertEquals(Optional.of(token), store.findByKey(token.key()));
        }

        @Test
        @DisplayName("a user whose token was deleted gets a new one from getOrCreate")
        void recreate() {
            Token old = store.getOrCreate(newToken("1"));
            store.delete(old.key());
            Token fresh = newToken("1");

            assertEquals(asStored(fresh), store.getOrCreate(fresh));
        }

        @Test
        @DisplayName("deleteAllOf removes the user's token only, and counts it")
        void deleteAllOf() {
            Token mine = store.getOrCreate(newToken("1"));
            Token other = store.getOrCreate(newToken("2"));

            assertEquals(1, store.deleteAllOf("1"));
            assertEquals(Optional.empty(), store.findByKey(mine.key()));
            assertEquals(Optional.empty(), store.findByUserId("1"));
            assertEquals(Optional.of(other), store.findByKey(other.key()));
            assertEquals(0, store.deleteAllOf("1"));
            assertEquals(0, store.deleteAllOf("3"));
        }
    }

    @Nested
    @DisplayName("created")
    class Created {

        @Test
        @DisplayName("the creation time round-trips to the store's precision")
        void roundTrips() {
            Instant created = Instant.parse("2026-11-28T12:34:56.123456789Z");
            Token candidate = Token.of(newKey(), "1", created);

            Token stored = store.getOrCreate(candidate);

            Instant expected = created.truncatedTo(createdPrecision());
            assertEquals(expected, stored.created());
            assertEquals(expected, store.findByKey(candidate.key()).orElseThrow().created());
            assertEquals(expected, store.findByUserId("1").orElseThrow().created());
        }

        @Test
        @DisplayName("replace stores the new creation time")
        void replaceStoresNewTime() {
            store.getOrCreate(Token.of(newKey(), "1", Instant.parse("2020-01-01T00:00:00Z")));
            Instant later = Instant.parse("2026-11-28T08:00:00.000001Z");

            store.replace(Token.of(newKey(), "1", later));

            assertEquals(later.truncatedTo(createdPrecision()), store.findByUserId("1").orElseThrow().created());
        }
    }

    @Nested
    @DisplayName("when the storage fails")
    class Outage {

        private Token existing;

        @BeforeEach
        void takeStorageAway() throws Exception {
            existing = store.getOrCreate(newToken("1"));
            makeStorageFail();
        }

        @Test
        @DisplayName("findByKey throws TokenStoreException, never an empty result")
        void findByKey() {
            assertFails(() -> store.findByKey(existing.key()), existing.key());
        }

        @Test
        @DisplayName("findByUserId throws TokenStoreException")
        void findByUserId() {
            assertFails(() -> store.findByUserId("1"), existing.key());
        }

        @Test
        @DisplayName("getOrCreate throws TokenStoreException")
        void getOrCreate() {
            Token candidate = newToken("2");
            assertFails(() -> store.getOrCreate(candidate), candidate.key());
        }

        @Test
        @DisplayName("replace throws TokenStoreException")
        void replace() {
            Token fresh = newToken("1");
            assertFails(() -> store.replace(fresh), fresh.key());
        }

        @Test
        @DisplayName("delete throws TokenStoreException, never false")
        void delete() {
            assertFails(() -> store.delete(existing.key()), existing.key());
        }

        @Test
        @DisplayName("deleteAllOf throws TokenStoreException, never 0")
        void deleteAllOf() {
            assertFails(() -> store.deleteAllOf("1"), existing.key());
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
    protected static <T, R> List<R> race(List<T> inputs, Function<T, R> action) throws InterruptedException {
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
