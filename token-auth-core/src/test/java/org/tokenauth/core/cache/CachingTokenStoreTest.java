package org.tokenauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TestClock;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStoreContract;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/** What the cache adds to a store: fewer queries, bounded staleness, no remembered failure, no plain key. */
class CachingTokenStoreTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final int THREADS = 32;

    private final TestClock clock = new TestClock(T0);
    private final CountingStore backing = new CountingStore();
    private final CachingTokenStore cache = CachingTokenStore.builder(backing).clock(clock).build();

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String drfKey() {
        return hex(20);
    }

    private static String digest(String secretId) {
        return secretId + "$" + hex(32);
    }

    private Token stored(String lookup, String userId) {
        Token token = Token.of(lookup, userId, T0);
        backing.insert(token, Integer.MAX_VALUE);
        return token;
    }

    @Nested
    @DisplayName("hits")
    class Hits {

        @Test
        @DisplayName("a found DRF-mode token is queried once, then served with the caller's lookup value")
        void drfHit() {
            Token token = stored(drfKey(), "1");

            for (int i = 0; i < 100; i++) {
                assertEquals(Optional.of(token), cache.findByLookup(token.lookup()));
            }
            assertEquals(1, backing.queries());
        }

        @Test
        @DisplayName("a found hashed-mode token is queried once, then served as it is")
        void digestHit() {
            Token token = stored(digest("k1"), "1");

            Optional<Token> first = cache.findByLookup(token.lookup());
            for (int i = 0; i < 100; i++) {
                assertEquals(first, cache.findByLookup(token.lookup()));
            }
            assertEquals(Optional.of(token), first);
            assertEquals(1, backing.queries());
        }

        @Test
        @DisplayName("an unknown lookup value is queried once, then answered from the cache until unknownExpireAfter")
        void unknownOnce() {
            String unknown = drfKey();

            for (int i = 0; i < 100; i++) {
                assertEquals(Optional.empty(), cache.findByLookup(unknown));
            }
            assertEquals(1, backing.queries());

            clock.advance(CachingTokenStore.DEFAULT_UNKNOWN_EXPIRE_AFTER.plusMillis(1));
            assertEquals(Optional.empty(), cache.findByLookup(unknown));
            assertEquals(2, backing.queries());
        }

        @Test
        @DisplayName("findByAnyLookup: one query on a miss, none after, for a token under the older secret's digest")
        void anyLookup() {
            Token token = stored(digest("old"), "1");
            List<String> lookups = List.of(digest("new"), token.lookup());

            assertEquals(Optional.of(token), cache.findByAnyLookup(lookups));
            assertEquals(1, backing.anyFinds.get());
            assertEquals(0, backing.finds.get(), "one query for all the values");
            for (int i = 0; i < 100; i++) {
                assertEquals(Optional.of(token), cache.findByAnyLookup(lookups));
            }
            assertEquals(Optional.of(token), cache.findByLookup(token.lookup()));
            assertEquals(Optional.empty(), cache.findByLookup(lookups.get(0)));
            assertEquals(1, backing.queries());
        }

        @Test
        @DisplayName("findByAnyLookup of unknown values: one query, then none; no values: no query")
        void anyLookupUnknown() {
            List<String> lookups = List.of(digest("new"), digest("old"), digest("older"));

            for (int i = 0; i < 10; i++) {
                assertEquals(Optional.empty(), cache.findByAnyLookup(lookups));
            }
            assertEquals(Optional.empty(), cache.findByAnyLookup(List.of()));
            assertEquals(1, backing.queries());
        }
    }

    @Nested
    @DisplayName("concurrent misses")
    class ConcurrentMisses {

        @Test
        @DisplayName("32 threads missing one key at once make exactly one store query, and all get the token")
        void oneLoad() throws Exception {
            Token token = stored(drfKey(), "1");
            backing.delay(100_000);

            List<Optional<Token>> results = TokenStoreContract.race(Collections.nCopies(THREADS, token.lookup()), cache::findByLookup);

            assertEquals(1, backing.queries());
            results.forEach(result -> assertEquals(Optional.of(token), result));
        }

        @Test
        @DisplayName("32 threads missing one unknown key at once make exactly one store query")
        void oneLoadOfUnknown() throws Exception {
            backing.delay(100_000);

            List<Optional<Token>> results = TokenStoreContract.race(Collections.nCopies(THREADS, drfKey()), cache::findByLookup);

            assertEquals(1, backing.queries());
            results.forEach(result -> assertEquals(Optional.empty(), result));
        }

        @Test
        @DisplayName("32 threads missing findByAnyLookup at once make exactly one store query")
        void oneLoadOfAny() throws Exception {
            Token token = stored(digest("old"), "1");
            List<String> lookups = List.of(digest("new"), token.lookup());
            backing.delay(100_000);

            List<Optional<Token>> results = TokenStoreContract.race(Collections.nCopies(THREADS, lookups), cache::findByAnyLookup);

            assertEquals(1, backing.queries());
            results.forEach(result -> assertEquals(Optional.of(token), result));
        }
    }

    @Nested
    @DisplayName("store failures")
    class Failures {

        @Test
        @DisplayName("a failure is not remembered: every miss asks again, and the recovered store serves the next one")
        void notCached() {
            Token token = stored(drfKey(), "1");
            String unknown = drfKey();
            backing.down(true);

            assertThrows(TokenStoreException.class, () -> cache.findByLookup(token.lookup()));
            assertThrows(TokenStoreException.class, () -> cache.findByLookup(token.lookup()));
            assertThrows(TokenStoreException.class, () -> cache.findByLookup(unknown));
            assertThrows(TokenStoreException.class, () -> cache.findByAnyLookup(List.of(unknown, token.lookup())));
            assertEquals(4, backing.queries());
            assertTrue(cache.knownEntries().isEmpty() && cache.unknownEntries().isEmpty());

            backing.down(false);
            assertEquals(Optional.of(token), cache.findByLookup(token.lookup()));
            assertEquals(Optional.empty(), cache.findByLookup(unknown));
        }

        @Test
        @DisplayName("while the store is down, a cached token is still found until its entry expires")
        void cachedSurvivesOutage() {
            Token token = stored(drfKey(), "1");
            cache.findByLookup(token.lookup());
            backing.down(true);

            assertEquals(Optional.of(token), cache.findByLookup(token.lookup()));
            clock.advance(CachingTokenStore.DEFAULT_EXPIRE_AFTER);
            assertThrows(TokenStoreException.class, () -> cache.findByLookup(token.lookup()));
        }

        @Test
        @DisplayName("a delete that fails still drops the entry")
        void failedDelete() {
            Token token = stored(drfKey(), "1");
            cache.findByLookup(token.lookup());
            backing.down(true);

            assertThrows(TokenStoreException.class, () -> cache.delete(token.lookup()));

            assertTrue(cache.knownEntries().isEmpty());
        }
    }

    @Nested
    @DisplayName("expiry")
    class Expiry {

        @Test
        @DisplayName("a change made elsewhere is seen after expireAfter, not before")
        void boundedStaleness() {
            CachingTokenStore tenSeconds = CachingTokenStore.builder(backing).clock(clock).expireAfter(Duration.ofSeconds(10)).build();
            Token token = stored(drfKey(), "1");
            tenSeconds.findByLookup(token.lookup());
            backing.delete(token.lookup()); // elsewhere: not through the cache

            clock.advance(Duration.ofMillis(9_999));
            assertEquals(Optional.of(token), tenSeconds.findByLookup(token.lookup()), "within the bound, the cache answers");
            clock.advance(Duration.ofMillis(1));
            assertEquals(Optional.empty(), tenSeconds.findByLookup(token.lookup()), "at the bound, the store answers");
            assertEquals(2, backing.queries());
        }

        @Test
        @DisplayName("an entry never outlives its token's own expiry")
        void tokenExpiry() {
            Token token = Token.builder(drfKey(), "1", T0).expires(T0.plusSeconds(5)).build();
            backing.insert(token, Integer.MAX_VALUE);
            cache.findByLookup(token.lookup());

            clock.advance(Duration.ofMillis(4_999));
            cache.findByLookup(token.lookup());
            assertEquals(1, backing.queries());
            clock.advance(Duration.ofMillis(1));
            cache.findByLookup(token.lookup());
            assertEquals(2, backing.queries(), "the entry went when the token expired, long before expireAfter");
        }

        @Test
        @DisplayName("a token inserted elsewhere under a value just found unknown is found after unknownExpireAfter")
        void unknownExpires() {
            String lookup = digest("k1");
            assertEquals(Optional.empty(), cache.findByLookup(lookup));
            Token token = stored(lookup, "1"); // elsewhere

            assertEquals(Optional.empty(), cache.findByLookup(lookup));
            clock.advance(CachingTokenStore.DEFAULT_UNKNOWN_EXPIRE_AFTER);
            assertEquals(Optional.of(token), cache.findByLookup(lookup));
        }
    }

    @Nested
    @DisplayName("changes through the cache are seen at once")
    class Changes {

        @Test
        @DisplayName("delete, deleteAllOf and touch drop the entries they change")
        void deleteAndTouch() {
            Token one = stored(digest("k1"), "1");
            Token two = stored(digest("k1"), "2");
            Token three = stored(digest("k1"), "2");
            Token four = stored(digest("k1"), "3");
            List.of(one, two, three, four).forEach(t -> cache.findByLookup(t.lookup()));

            assertTrue(cache.delete(one.lookup()));
            assertEquals(Optional.empty(), cache.findByLookup(one.lookup()));

            assertEquals(2, cache.deleteAllOf("2"));
            assertEquals(Optional.empty(), cache.findByLookup(two.lookup()));
            assertEquals(Optional.empty(), cache.findByLookup(three.lookup()));

            Instant used = T0.plusSeconds(1);
            assertTrue(cache.touch(four.lookup(), used, T0.plusSeconds(3600)));
            assertEquals(Optional.of(used), cache.findByLookup(four.lookup()).orElseThrow().lastUsed());
        }

        @Test
        @DisplayName("insert drops the tokens it evicts, and the new token's unknown entry")
        void insertEvicts() {
            Token old = stored(drfKey(), "1");
            cache.findByLookup(old.lookup());
            Token fresh = Token.of(drfKey(), "1", T0.plusSeconds(1));
            assertEquals(Optional.empty(), cache.findByLookup(fresh.lookup()));

            assertEquals(List.of(old), cache.insert(fresh, 1));

            assertEquals(Optional.empty(), cache.findByLookup(old.lookup()));
            assertEquals(Optional.of(fresh), cache.findByLookup(fresh.lookup()));
        }

        @Test
        @DisplayName("getOrInsert drops the candidate's unknown entry")
        void getOrInsert() {
            Token candidate = Token.of(drfKey(), "1", T0);
            assertEquals(Optional.empty(), cache.findByLookup(candidate.lookup()));

            cache.getOrInsert(candidate);

            assertEquals(Optional.of(candidate), cache.findByLookup(candidate.lookup()));
        }

        @Test
        @DisplayName("invalidateLookup, invalidateUser and invalidateAll drop what they name, and only that")
        void invalidate() {
            Token one = stored(drfKey(), "1");
            Token two = stored(digest("k1"), "2");
            String unknown = drfKey();
            cache.findByLookup(one.lookup());
            cache.findByLookup(two.lookup());
            cache.findByLookup(unknown);
            int queries = backing.queries();

            cache.invalidateLookup(one.lookup());
            cache.findByLookup(one.lookup());
            cache.findByLookup(two.lookup());
            assertEquals(queries + 1, backing.queries());

            cache.invalidateUser("2");
            cache.findByLookup(one.lookup());
            cache.findByLookup(two.lookup());
            assertEquals(queries + 2, backing.queries());

            cache.invalidateAll();
            cache.findByLookup(one.lookup());
            cache.findByLookup(two.lookup());
            cache.findByLookup(unknown);
            assertEquals(queries + 5, backing.queries());
        }
    }

    @Nested
    @DisplayName("what the cache holds")
    class Holds {

        @Test
        @DisplayName("no plain DRF-mode key is a cache key, or the lookup value of a cached token")
        void noPlainKey() {
            Token token = stored(drfKey(), "1");
            String unknown = drfKey();
            String odd = "not-a-key \u00e9";
            cache.findByLookup(token.lookup());
            cache.findByLookup(unknown);
            cache.findByLookup(odd);
            cache.findByAnyLookup(List.of(drfKey(), drfKey()));

            Map<Object, Optional<Token>> known = cache.knownEntries();
            Set<Object> unknowns = cache.unknownEntries();
            assertEquals(1, known.size());
            assertEquals(4, unknowns.size());
            for (Object key : known.keySet()) {
                assertInstanceOf(CachingTokenStore.LookupDigest.class, key);
            }
            for (Object key : unknowns) {
                assertInstanceOf(CachingTokenStore.LookupDigest.class, key);
            }
            for (Optional<Token> value : known.values()) {
                assertEquals(CachingTokenStore.NO_LOOKUP, value.orElseThrow().lookup());
                assertFalse(value.toString().contains(token.lookup()));
            }
            for (String secret : List.of(token.lookup(), unknown, odd)) {
                assertFalse(known.toString().contains(secret) || unknowns.toString().contains(secret));
            }
            assertEquals(Optional.of(token), cache.findByLookup(token.lookup()), "the hit puts the caller's key back");
        }

        @Test
        @DisplayName("a hashed-mode digest is its own cache key, and its token is cached as it is")
        void digestAsIs() {
            Token token = stored(digest("2026-11_a.b"), "1");
            cache.findByLookup(token.lookup());

            assertEquals(Map.of(token.lookup(), Optional.of(token)), cache.knownEntries());
        }

        @Test
        @DisplayName("only hashed mode's exact shape is taken as a digest")
        void digestShape() {
            assertTrue(CachingTokenStore.isDigest("k1$" + "0".repeat(64)));
            assertTrue(CachingTokenStore.isDigest("a".repeat(32) + "$" + "f".repeat(64)));
            assertFalse(CachingTokenStore.isDigest("a".repeat(33) + "$" + "f".repeat(64)));
            assertFalse(CachingTokenStore.isDigest("$" + "f".repeat(64)));
            assertFalse(CachingTokenStore.isDigest("k1$" + "F".repeat(64)));
            assertFalse(CachingTokenStore.isDigest("k1$" + "f".repeat(63)));
            assertFalse(CachingTokenStore.isDigest("k 1$" + "f".repeat(64)));
            assertFalse(CachingTokenStore.isDigest(drfKey()));
            assertFalse(CachingTokenStore.isDigest(""));
        }
    }

    @Nested
    @DisplayName("settings")
    class Settings {

        @Test
        @DisplayName("out-of-range settings fail when set, naming the setting")
        void outOfRange() {
            CachingTokenStore.Builder b = CachingTokenStore.builder(backing);
            assertFailsNaming("expireAfter", () -> b.expireAfter(Duration.ZERO));
            assertFailsNaming("expireAfter", () -> b.expireAfter(Duration.ofSeconds(-1)));
            assertFailsNaming("expireAfter", () -> b.expireAfter(Duration.ofDays(365)));
            assertFailsNaming("maximumSize", () -> b.maximumSize(0));
            assertFailsNaming("maximumSize", () -> b.maximumSize(-5));
            assertFailsNaming("maximumSize", () -> b.maximumSize(Long.MAX_VALUE));
            assertFailsNaming("unknownExpireAfter", () -> b.unknownExpireAfter(Duration.ZERO));
            assertFailsNaming("unknownExpireAfter", () -> b.unknownExpireAfter(Duration.ofMinutes(2)));
            assertFailsNaming("unknownMaximumSize", () -> b.unknownMaximumSize(0));
            assertFailsNaming("unknownMaximumSize", () -> b.unknownMaximumSize(10_000_001));
            assertThrows(NullPointerException.class, () -> b.expireAfter(null));

            UserLookup users = id -> Optional.empty();
            CachingUserLookup.Builder u = CachingUserLookup.builder(users);
            assertFailsNaming("expireAfter", () -> u.expireAfter(Duration.ofNanos(1)));
            assertFailsNaming("expireAfter", () -> u.expireAfter(Duration.ofHours(25)));
            assertFailsNaming("maximumSize", () -> u.maximumSize(0));
            assertFailsNaming("unknownExpireAfter", () -> u.unknownExpireAfter(Duration.ofSeconds(-1)));
            assertFailsNaming("unknownExpireAfter", () -> u.unknownExpireAfter(Duration.ofHours(1)));
        }

        @Test
        @DisplayName("in-range settings build, and the cache says them without naming any key")
        void inRange() {
            CachingTokenStore built = CachingTokenStore.builder(backing).expireAfter(Duration.ofHours(24)).maximumSize(1)
                    .unknownExpireAfter(Duration.ofMillis(1)).unknownMaximumSize(10_000_000).build();

            assertEquals(Duration.ofHours(24), built.expireAfter());
            assertTrue(built.toString().startsWith("CachingTokenStore[expireAfter=24 h, unknownExpireAfter=1 ms, over "),
                    built.toString());
        }

        private void assertFailsNaming(String setting, Executable set) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set);
            assertTrue(e.getMessage().contains(" " + setting + " must be from "), e.getMessage());
        }
    }

    @Test
    @DisplayName("TokenService.withStore puts a cache under a service and keeps its policy")
    void withStore() {
        TokenService hashed = TokenService.builder(backing).keys(KeyMode.hashed(ServerSecret.of("k1", new byte[32])))
                .tokenPerLogin(3).timeToLive(Duration.ofHours(1)).build();

        TokenService cached = hashed.withStore(cache);

        assertEquals(hashed.toString().replace(backing.toString(), cache.toString()), cached.toString());
        IssuedToken issued = cached.issueFor("1");
        assertInstanceOf(org.tokenauth.core.TokenCheck.Valid.class, cached.check(issued.key()));
        assertTrue(cached.revoke(issued.key()));
        assertEquals(org.tokenauth.core.TokenCheck.INVALID, cached.check(issued.key()));
    }

    @Nested
    @DisplayName("revocation during concurrent authentication")
    class Revocation {

        private final UserLookup users = id -> Optional.of(new UserAccount(id, "user" + id, true));

        @Test
        @DisplayName("DRF mode: after revoke returns, no request on this instance authenticates with the key")
        void drfRevoke() throws Exception {
            TokenService tokens = new TokenService(cache);
            raceRevocations(tokens, issued -> tokens.revoke(issued.key()));
        }

        @Test
        @DisplayName("hashed mode, a token per login: after revoke returns, no request authenticates with the key")
        void hashedRevoke() throws Exception {
            TokenService tokens = TokenService.builder(cache)
                    .keys(KeyMode.hashed(ServerSecret.of("k2", new byte[32]), ServerSecret.of("k1", new byte[32])))
                    .build();
            raceRevocations(tokens, issued -> tokens.revoke(issued.key()));
        }

        @Test
        @DisplayName("after revokeAllOf returns, no request authenticates with any of the user's keys")
        void revokeAll() throws Exception {
            TokenService tokens = new TokenService(cache);
            raceRevocations(tokens, issued -> tokens.revokeAllOf(issued.token().userId()));
        }

        @Test
        @DisplayName("after a replacing login (insert with a cap of 1) returns, the old key is refused")
        void replaced() throws Exception {
            TokenService tokens = new TokenService(cache);
            raceRevocations(tokens, issued -> tokens.reissueFor(issued.token().userId()));
        }

        /**
         * 32 threads authenticate one key without pause while another thread drops entries now
         * and then (so that loads are in flight); then the key is revoked. Any success that began
         * after the revocation returned fails the test. 10 rounds, each with a new key.
         */
        private void raceRevocations(TokenService tokens, Consumer<IssuedToken> revoke) throws Exception {
            TokenAuthenticator authenticator = new TokenAuthenticator(tokens, users, "Token");
            backing.delay(50);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
            try {
                for (int round = 0; round < 10; round++) {
                    IssuedToken issued = tokens.issueFor(String.valueOf(round));
                    assertInstanceOf(Authentication.Authenticated.class, authenticator.authenticateKey(issued.key()));
                    AtomicBoolean revoked = new AtomicBoolean();
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicInteger checkedAfter = new AtomicInteger();
                    AtomicInteger violations = new AtomicInteger();
                    List<Future<?>> running = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        running.add(threads.submit(() -> {
                            while (!stop.get()) {
                                boolean after = revoked.get();
                                Authentication outcome = authenticator.authenticateKey(issued.key());
                                if (after) {
                                    checkedAfter.incrementAndGet();
                                    if (outcome instanceof Authentication.Authenticated) {
                                        violations.incrementAndGet();
                                    }
                                }
                            }
                        }));
                    }
                    running.add(threads.submit(() -> {
                        while (!stop.get()) {
                            cache.invalidateLookup(issued.token().lookup());
                            Thread.onSpinWait();
                        }
                    }));
                    TimeUnit.MILLISECONDS.sleep(20);
                    revoke.accept(issued);
                    revoked.set(true);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (checkedAfter.get() < THREADS * 20 && System.nanoTime() < deadline) {
                        TimeUnit.MILLISECONDS.sleep(1);
                    }
                    stop.set(true);
                    for (Future<?> f : running) {
                        f.get(30, TimeUnit.SECONDS);
                    }
                    assertTrue(checkedAfter.get() >= THREADS * 20, "too few requests after the revocation: " + checkedAfter);
                    assertEquals(0, violations.get(), "round " + round + ": requests authenticated after revoke returned");
                }
            } finally {
                threads.shutdownNow();
                assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
    }
}
