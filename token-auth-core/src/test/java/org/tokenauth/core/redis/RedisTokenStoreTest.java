package org.tokenauth.core.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenCheck;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;
import org.tokenauth.core.TokenStoreException;

/**
 * The Redis store meets the contract on the test Redis ({@link RedisTestServer}), each test under a
 * key prefix of its own, deleted afterwards; and what the contract does not cover: key names and
 * expiry in Redis itself, odd values, real outages of a Redis each test starts for itself
 * ({@link RedisProcess}), races across connections as across instances.
 */
class RedisTokenStoreTest extends TokenStoreContract {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> admin;

    private String prefix;
    private RedisTokenStore redisStore;

    @BeforeAll
    static void connect() {
        client = RedisTestServer.client();
        admin = client.connect();
    }

    @AfterAll
    static void disconnect() {
        if (admin != null) {
            admin.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Override
    protected TokenStore newStore() {
        prefix = RedisTestServer.newPrefix();
        redisStore = newRedisStore();
        return redisStore;
    }

    /** Closes the store's one connection, so every call fails; {@link ServerOutage} stops a real server. */
    @Override
    protected void makeStorageFail() {
        redisStore.close();
    }

    @AfterEach
    void deleteKeys() {
        redisStore.close();
        RedisTestServer.deleteKeys(redis(), prefix);
    }

    /** Another store on this test's prefix, with a connection of its own, as another instance of an application has. */
    private RedisTokenStore newRedisStore() {
        return RedisTokenStore.builder(client).prefix(prefix).build();
    }

    private static RedisCommands<String, String> redis() {
        return admin.sync();
    }

    private String entryKey(Token token) {
        return prefix + "token:" + Keys.id(token.lookup());
    }

    private String indexKey(String userId) {
        return prefix + "user:" + userId;
    }

    private Token expiring(String userId, Instant expires) {
        return newToken(userId).toBuilder().expires(expires).build();
    }

    /** Milliseconds since 1970, rounded up, as the store hands them to {@code PEXPIREAT}. */
    private static long ceilingMillis(Instant instant) {
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        return millis.equals(instant) ? millis.toEpochMilli() : millis.toEpochMilli() + 1;
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> what + " within " + within);
            Thread.sleep(20);
        }
    }

    @Nested
    @DisplayName("keys and expiry in Redis")
    class KeysAndExpiry {

        private static final Pattern ENTRY = Pattern.compile("token:[0-9a-f]{64}");

        @Test
        @DisplayName("no key name holds a key: entries are named by the SHA-256 of the lookup value, indexes by the user id")
        void keyNamesHoldNoKey() {
            List<Token> tokens = new ArrayList<>();
            for (String userId : List.of("1", "2", "a user:with colons")) {
                for (int i = 0; i < 3; i++) {
                    Token token = newToken(userId);
                    store.insert(token, 10);
                    tokens.add(token);
                }
            }

            List<String> keys = RedisTestServer.keys(redis(), prefix);

            assertEquals(9 + 3, keys.size(), keys::toString);
            for (String key : keys) {
                String rest = key.substring(prefix.length());
                assertTrue(ENTRY.matcher(rest).matches() || Set.of("user:1", "user:2", "user:a user:with colons").contains(rest), key);
                for (Token token : tokens) {
                    assertFalse(key.contains(token.lookup()), "a key name holds a key");
                }
            }
            Token token = tokens.get(0);
            assertEquals(Set.of("lookup", "user", "name", "created", "scopes"), redis().hgetall(entryKey(token)).keySet());
            assertEquals(Set.of(Keys.id(tokens.get(0).lookup()), Keys.id(tokens.get(1).lookup()), Keys.id(tokens.get(2).lookup())),
                    redis().smembers(indexKey("1")));
        }

        @Test
        @DisplayName("an entry expires with its token (PEXPIREAT, rounded up to the ms); the index with the last of its entries")
        void entryExpiresWithItsToken() {
            Instant soon = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.MILLIS).plusNanos(1);
            Instant later = soon.plusSeconds(600);
            Token first = expiring("1", soon);
            Token second = expiring("1", later);
            Token third = expiring("1", soon.plusSeconds(60));

            store.insert(first, 10);
            assertEquals(ceilingMillis(soon), redis().pexpiretime(entryKey(first)));
            assertEquals(ceilingMillis(soon), redis().pexpiretime(indexKey("1")));

            store.insert(second, 10);
            store.insert(third, 10);
            assertEquals(ceilingMillis(later), redis().pexpiretime(entryKey(second)));
            assertEquals(ceilingMillis(later), redis().pexpiretime(indexKey("1")), "the index lasts as long as its last entry");
            long ttl = redis().pttl(entryKey(third));
            assertTrue(ttl > 3_600_000 && ttl <= 3_660_000, "PTTL " + ttl);

            Token forever = newToken("1");
            store.insert(forever, 10);
            assertEquals(-1, redis().pexpiretime(entryKey(forever)), "a token without expiry: no TTL");
            assertEquals(-1, redis().pexpiretime(indexKey("1")), "nor for its index");
            assertEquals(ceilingMillis(soon), redis().pexpiretime(entryKey(first)));
        }

        @Test
        @DisplayName("touch with a new expiry moves the entry's TTL; without one it leaves it; beyond milliseconds it removes it")
        void touchMovesTheExpiry() {
            Instant expires = Instant.now().plusSeconds(600);
            Token token = expiring("1", expires);
            store.insert(token, 10);
            Instant slid = expires.plusSeconds(3600);

            assertTrue(store.touch(token.lookup(), Instant.now(), slid));
            assertEquals(ceilingMillis(slid), redis().pexpiretime(entryKey(token)));
            assertEquals(ceilingMillis(slid), redis().pexpiretime(indexKey("1")));

            assertTrue(store.touch(token.lookup(), Instant.now(), null));
            assertEquals(ceilingMillis(slid), redis().pexpiretime(entryKey(token)));

            assertTrue(store.touch(token.lookup(), Instant.now(), Instant.MAX));
            assertEquals(-1, redis().pexpiretime(entryKey(token)));
            assertEquals(Optional.of(Instant.MAX), store.findByLookup(token.lookup()).orElseThrow().expires());
        }

        @Test
        @DisplayName("an expired token is not found, leaves its index when the user's tokens are next read, and counts for no cap")
        void expiredTokenIsGone() throws InterruptedException {
            Token kept = newToken("1");
            Token expired = expiring("1", Instant.now().plusMillis(300));
            store.insert(kept, 10);
            store.insert(expired, 10);

            await("the entry expires", Duration.ofSeconds(10), () -> redis().exists(entryKey(expired)) == 0);

            assertEquals(Optional.empty(), store.findByLookup(expired.lookup()));
            assertFalse(store.delete(expired.lookup()));
            assertFalse(store.touch(expired.lookup(), Instant.now(), null));
            assertEquals(2, redis().scard(indexKey("1")), "the index is cleaned lazily");
            assertEquals(List.of(kept), store.findAllOf("1"));
            assertEquals(Set.of(Keys.id(kept.lookup())), redis().smembers(indexKey("1")));

            Token soonGone = expiring("1", Instant.now().plusMillis(300));
            store.insert(soonGone, 10);
            await("the entry expires", Duration.ofSeconds(10), () -> redis().exists(entryKey(soonGone)) == 0);
            assertEquals(List.of(), store.insert(newToken("1"), 2), "an expired token is not evicted: it is gone");
            assertEquals(2, store.findAllOf("1").size());
        }

        @Test
        @DisplayName("a user whose every token expired leaves nothing behind: the index expires with them")
        void indexExpiresWithTheLastEntry() throws InterruptedException {
            Token token = store.getOrInsert(expiring("1", Instant.now().plusMillis(300)));

            await("the index expires", Duration.ofSeconds(10), () -> redis().exists(indexKey("1")) == 0);

            assertEquals(List.of(), RedisTestServer.keys(redis(), prefix));
            Token fresh = newToken("1");
            assertEquals(fresh, store.getOrInsert(fresh), "the user gets a new token, not the expired " + token.fingerprint());
        }

        @Test
        @DisplayName("a token stored already expired is gone at once")
        void alreadyExpired() {
            Token token = expiring("1", Instant.now().minusSeconds(1));

            store.insert(token, 10);

            assertEquals(Optional.empty(), store.findByLookup(token.lookup()));
            assertEquals(List.of(), RedisTestServer.keys(redis(), prefix));
        }
    }

    @Nested
    @DisplayName("values")
    class Values {

        @Test
        @DisplayName("user ids of any shape (colons, spaces, another family's name, 10,000 characters) keep apart")
        void userIdsKeepApart() {
            Token other = newToken("1");
            store.insert(other, 10);
            List<String> userIds = List.of("1 ", " 1", "01", "a:b", "user:1", "token:" + Keys.id(other.lookup()), "token:",
                    "*", "[1]", "tab\there", "nul\0", "ключ 🔑", "x".repeat(10_000));
            List<Token> tokens = new ArrayList<>();
            for (String userId : userIds) {
                Token token = newToken(userId);
                store.insert(token, 10);
                tokens.add(token);
            }

            for (int i = 0; i < userIds.size(); i++) {
                assertEquals(List.of(tokens.get(i)), store.findAllOf(userIds.get(i)), userIds.get(i));
                assertEquals(Optional.of(tokens.get(i)), store.findByLookup(tokens.get(i).lookup()));
            }
            assertEquals(List.of(other), store.findAllOf("1"));
            for (String userId : userIds) {
                assertEquals(1, store.deleteAllOf(userId), userId);
            }
            assertEquals(List.of(other), store.findAllOf("1"));
            assertEquals(Optional.of(other), store.findByLookup(other.lookup()));
        }

        @Test
        @DisplayName("instants at the ends of Instant's range round-trip; an expiry past what PEXPIREAT takes means no TTL")
        void extremeInstants() {
            Token early = Token.builder(newLookup(), "1", Instant.MIN).lastUsed(Instant.EPOCH.minusNanos(1)).build();
            Token late = Token.builder(newLookup(), "1", Instant.parse("2026-11-30T00:00:00Z")).expires(Instant.MAX).build();

            store.insert(early, 10);
            store.insert(late, 10);

            assertEquals(Optional.of(early), store.findByLookup(early.lookup()));
            assertEquals(Optional.of(late), store.findByLookup(late.lookup()));
            assertEquals(List.of(late, early), store.findAllOf("1"));
            assertEquals(-1, redis().pexpiretime(entryKey(late)));
        }

        @Test
        @DisplayName("a lone surrogate, which UTF-8 cannot hold, is never stored: refused on write, not found on read")
        void loneSurrogates() {
            Token question = store.getOrInsert(Token.of(newLookup() + "?", "a?", Instant.now()));
            String lone = question.lookup().replace('?', '\uD800');

            assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of(newLookup(), "a\uD800", Instant.now()), 10));
            assertThrows(IllegalArgumentException.class, () -> store.getOrInsert(Token.of(lone, "b", Instant.now())));
            assertThrows(IllegalArgumentException.class,
                    () -> store.insert(Token.builder(newLookup(), "b", Instant.now()).name("\uDC00").build(), 10));
            assertEquals(Optional.empty(), store.findByLookup(lone));
            assertFalse(store.delete(lone));
            assertFalse(store.touch(lone, Instant.now(), null));
            assertEquals(List.of(), store.findAllOf("a\uD800"));
            assertEquals(0, store.deleteAllOf("a\uD800"));
            assertEquals(List.of(question), store.findAllOf("a?"), "the look-alike is untouched");
            assertEquals(List.of(), store.findAllOf("b"));
        }

        @Test
        @DisplayName("an entry this store did not write is a TokenStoreException, not 'not found', and quotes no key")
        void foreignEntries() {
            Token token = newToken("1");
            redis().hset(entryKey(token), Map.of("lookup", token.lookup(), "user", "1"));
            redis().set(indexKey("2"), "not a set");
            Token wrongType = newToken("3");
            redis().set(entryKey(wrongType), "not a hash");

            assertNoKeyIn(assertThrows(TokenStoreException.class, () -> store.findByLookup(token.lookup())), token.lookup());
            assertThrows(TokenStoreException.class, () -> store.findAllOf("2"));
            assertThrows(TokenStoreException.class, () -> store.insert(newToken("2"), 10));
            assertNoKeyIn(assertThrows(TokenStoreException.class, () -> store.findByLookup(wrongType.lookup())), wrongType.lookup());
            assertNoKeyIn(assertThrows(TokenStoreException.class, () -> store.touch(wrongType.lookup(), Instant.now(), null)),
                    wrongType.lookup());
        }

        @Test
        @DisplayName("the builder refuses bad settings, and a bad URL without quoting it")
        void builder() {
            IllegalArgumentException badUrl = assertThrows(IllegalArgumentException.class,
                    () -> RedisTokenStore.builder("redis://:pass word-1@127.0.0.1"));
            assertFalse(badUrl.getMessage().contains("word-1"), badUrl.getMessage());
            assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder("http://127.0.0.1"));
            assertThrows(IllegalArgumentException.class, () -> RedisTokenStore.builder(client).commandTimeout(Duration.ZERO));
            assertThrows(NullPointerException.class, () -> RedisTokenStore.builder(client).prefix(null));
            assertThrows(NullPointerException.class, () -> RedisTokenStore.builder((String) null));
            assertEquals("RedisTokenStore[prefix=" + prefix + "]", redisStore.toString());
        }
    }

    @Nested
    @DisplayName("under a TokenService")
    class WithTokenService {

        @Test
        @DisplayName("DRF mode: one token per user, the same key again, and the key in no key name")
        void drfMode() {
            TokenService tokens = new TokenService(store);

            IssuedToken issued = tokens.issueFor("7");

            assertEquals(issued.key(), tokens.issueFor("7").key());
            assertTrue(tokens.check(issued.key()) instanceof TokenCheck.Valid);
            RedisTestServer.keys(redis(), prefix).forEach(key -> assertFalse(key.contains(issued.key()), key));
            assertTrue(tokens.revoke(issued.key()));
            assertEquals(TokenCheck.INVALID, tokens.check(issued.key()));
        }

        @Test
        @DisplayName("hashed mode, a token per login under a cap, with a time to live: the key is nowhere in Redis, the TTL is set")
        void hashedMode() {
            TokenService tokens = TokenService.builder(store).keys(KeyMode.hashed(ServerSecret.of("2026-11", new byte[32])))
                    .tokenPerLogin(3).timeToLive(Duration.ofHours(1)).build();

            List<IssuedToken> issued = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                issued.add(tokens.issueFor("7", "device " + i));
            }

            assertEquals(TokenCheck.INVALID, tokens.check(issued.get(0).key()), "the first was evicted by the fourth");
            for (IssuedToken token : issued.subList(1, 4)) {
                assertTrue(tokens.check(token.key()) instanceof TokenCheck.Valid);
                long ttl = redis().pttl(entryKey(token.token()));
                assertTrue(ttl > 3_500_000 && ttl <= 3_600_000, "PTTL " + ttl);
            }
            for (String key : RedisTestServer.keys(redis(), prefix)) {
                String everything = key + (key.startsWith(prefix + "token:") ? redis().hgetall(key) : redis().smembers(key));
                for (IssuedToken token : issued) {
                    assertFalse(everything.contains(token.key()), "a key is in Redis: " + key);
                }
            }
        }
    }

    @Nested
    @DisplayName("outages of a Redis of the test's own")
    class ServerOutage {

        private static final Duration TIMEOUT = Duration.ofSeconds(1);
        /** What a quick failure may take beyond the command timeout, on a busy machine. */
        private static final Duration SLACK = Duration.ofSeconds(4);

        @TempDir
        Path dir;

        /** Every call of the store, each expected to fail. */
        private List<Executable> everyCall(TokenStore redisStore, Token existing) {
            return List.of(
                    () -> redisStore.findByLookup(existing.lookup()),
                    () -> redisStore.findByAnyLookup(List.of(newLookup(), existing.lookup())),
                    () -> redisStore.findAllOf("1"),
                    () -> redisStore.getOrInsert(newToken("2")),
                    () -> redisStore.insert(newToken("1"), 10),
                    () -> redisStore.delete(existing.lookup()),
                    () -> redisStore.deleteAllOf("1"),
                    () -> redisStore.touch(existing.lookup(), Instant.now(), null));
        }

        /** Asserts that {@code call} fails with TokenStoreException after at least {@code min} and within {@code max}. */
        private TokenStoreException fails(Duration min, Duration max, Executable call) {
            long start = System.nanoTime();
            TokenStoreException e = assertThrows(TokenStoreException.class, call);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= min.toMillis() && millis < max.toMillis(), "failed after " + millis + " ms: " + e);
            return e;
        }

        @Test
        @DisplayName("stopped: every call fails at once with TokenStoreException; after a restart the store works again within seconds")
        void stopped() throws Exception {
            try (RedisProcess server = RedisProcess.start(dir);
                    RedisTokenStore own = RedisTokenStore.builder(server.url()).commandTimeout(TIMEOUT).build()) {
                Token token = own.getOrInsert(newToken("1"));

                server.stop();

                for (Executable call : everyCall(own, token)) {
                    assertNoKeyIn(fails(Duration.ZERO, TIMEOUT.plus(SLACK), call), token.lookup());
                }
                server.start();
                await("the store works again", Duration.ofSeconds(5), () -> {
                    try {
                        own.findAllOf("1");
                        return true;
                    } catch (TokenStoreException stillDown) {
                        return false;
                    }
                });
                Token fresh = newToken("1"); // the restarted server kept nothing
                assertEquals(fresh, own.getOrInsert(fresh));
                assertEquals(Optional.of(fresh), own.findByLookup(fresh.lookup()));
            }
        }

        @Test
        @DisplayName("frozen (SIGSTOP): every call fails within the command timeout; thawed, the store works again")
        void frozen() throws Exception {
            try (RedisProcess server = RedisProcess.start(dir);
                    RedisTokenStore own = RedisTokenStore.builder(server.url()).commandTimeout(TIMEOUT).build()) {
                Token token = own.getOrInsert(newToken("1"));

                server.freeze();
                try {
                    for (Executable call : everyCall(own, token)) {
                        TokenStoreException e = fails(TIMEOUT.minusMillis(50), TIMEOUT.plus(SLACK), call);
                        assertNoKeyIn(e, token.lookup());
                        assertTrue(e.getMessage().endsWith(": Redis did not answer within 1000 ms"), e.getMessage());
                    }
                } finally {
                    server.thaw();
                }
                // The calls that timed out reach Redis now: the delete deletes. The store works again.
                Token fresh = newToken("9");
                assertEquals(fresh, own.getOrInsert(fresh));
                assertEquals(Optional.of(fresh), own.findByLookup(fresh.lookup()));
            }
        }

        @Test
        @DisplayName("unreachable when built: a TokenStoreException at once")
        void unreachableWhenBuilt() throws Exception {
            try (RedisProcess server = RedisProcess.start(dir)) {
                server.stop();

                fails(Duration.ZERO, TIMEOUT.plus(SLACK), () -> RedisTokenStore.builder(server.url()).commandTimeout(TIMEOUT).build());
                RedisClient given = RedisClient.create(server.url());
                try {
                    fails(Duration.ZERO, TIMEOUT.plus(SLACK), () -> RedisTokenStore.builder(given).build());
                } finally {
                    given.shutdown();
                }
            }
        }

        @Test
        @DisplayName("a password in the URL is in neither toString nor any failure")
        void password() throws Exception {
            String password = "pw-" + newLookup();
            try (RedisProcess server = RedisProcess.start(dir, "--requirepass", password)) {
                String url = server.url().replace("redis://", "redis://:" + password + "@");
                Token token;
                try (RedisTokenStore own = RedisTokenStore.builder(url).commandTimeout(TIMEOUT).build()) {
                    assertFalse(own.toString().contains(password), own.toString());
                    assertTrue(own.toString().contains(server.url().substring("redis://".length())), own.toString());
                    token = own.getOrInsert(newToken("1"));

                    server.stop();

                    assertNoKeyIn(assertThrows(TokenStoreException.class, () -> own.findByLookup(token.lookup())), password);
                }
                server.start();
                String wrong = "wrong-" + password;
                TokenStoreException refused = assertThrows(TokenStoreException.class,
                        () -> RedisTokenStore.builder(url.replace(password, wrong)).commandTimeout(TIMEOUT).build());
                assertNoKeyIn(refused, wrong);
            }
        }

        @Test
        @DisplayName("a server that forgot the scripts (SCRIPT FLUSH, a restart) is sent them again")
        void scriptsSentAgain() throws Exception {
            try (RedisProcess server = RedisProcess.start(dir);
                    RedisTokenStore own = RedisTokenStore.builder(server.url()).build()) {
                RedisClient direct = RedisClient.create(server.url());
                try (StatefulRedisConnection<String, String> connection = direct.connect()) {
                    Token first = own.getOrInsert(newToken("1"));
                    assertEquals(List.of(true), connection.sync().scriptExists(Script.GET_OR_INSERT.sha1()));

                    connection.sync().scriptFlush();

                    Token second = newToken("1");
                    assertEquals(List.of(first), own.insert(second, 1));
                    assertEquals(List.of(second), own.findAllOf("1"));
                    assertEquals(List.of(true), connection.sync().scriptExists(Script.INSERT.sha1()));
                } finally {
                    direct.shutdown();
                }
            }
        }
    }

    @Nested
    @DisplayName("races across connections, as across instances of an application")
    class AcrossConnections {

        private static final int STORES = 4;
        private static final int RACERS = 32;

        private List<RedisTokenStore> stores;

        private List<RedisTokenStore> openStores() {
            stores = new ArrayList<>();
            for (int i = 0; i < STORES; i++) {
                stores.add(newRedisStore());
            }
            return stores;
        }

        @AfterEach
        void closeStores() {
            if (stores != null) {
                stores.forEach(RedisTokenStore::close);
            }
        }

        @Test
        @DisplayName("32 getOrInsert for one user through 4 connections: one token, the same for all")
        void getOrInsert() throws InterruptedException {
            List<RedisTokenStore> many = openStores();
            List<Token> candidates = IntStream.range(0, RACERS).mapToObj(i -> newToken("7")).toList();

            List<Token> results = race(IntStream.range(0, RACERS).boxed().toList(),
                    i -> many.get(i % STORES).getOrInsert(candidates.get(i)));

            assertEquals(1, new HashSet<>(results).size(), results::toString);
            assertEquals(List.of(results.get(0)), store.findAllOf("7"));
            assertEquals(1, redis().scard(indexKey("7")));
        }

        @Test
        @DisplayName("32 inserts under a cap of 3 through 4 connections: never more than 3 at any moment, every token stored or evicted")
        void insertUnderCap() throws InterruptedException {
            List<RedisTokenStore> many = openStores();
            List<Token> candidates = IntStream.range(0, RACERS).mapToObj(i -> newToken("7")).toList();
            AtomicBoolean racing = new AtomicBoolean(true);
            AtomicLong most = new AtomicLong();
            Thread watcher = new Thread(() -> {
                while (racing.get()) {
                    most.accumulateAndGet(redis().scard(indexKey("7")), Math::max);
                }
            });
            watcher.start();

            List<List<Token>> evictions;
            try {
                evictions = race(IntStream.range(0, RACERS).boxed().toList(), i -> many.get(i % STORES).insert(candidates.get(i), 3));
            } finally {
                racing.set(false);
                watcher.join();
            }

            assertTrue(most.get() <= 3, "the user held " + most.get() + " tokens at once");
            Set<String> left = new HashSet<>();
            store.findAllOf("7").forEach(t -> left.add(t.lookup()));
            assertEquals(3, left.size());
            Set<String> accounted = new HashSet<>(left);
            evictions.forEach(evicted -> evicted.forEach(t -> assertTrue(accounted.add(t.lookup()), "stored and evicted, or evicted twice")));
            assertEquals(RACERS, accounted.size(), "every token is stored or evicted");
            assertEquals(3 + 1, RedisTestServer.keys(redis(), prefix).size(), "evicted entries are deleted");
        }
    }
}
