package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    /**
     * A store decorator that fails on any argument holding a plain hashed-mode key, and records
     * every argument so a test can check afterwards that no 20 characters of a given key (of any
     * mode) ever reached the store: the proof that hashed mode never hands a store the key.
     * Counts queries, so tests can see how many a key costs.
     */
    static final class KeyGuardStore implements TokenStore {
        private static final java.util.regex.Pattern HASHED_KEY = java.util.regex.Pattern.compile("tka_[0-9A-Za-z]{36}");
        final TokenStore inner = new InMemoryTokenStore();
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger queries = new AtomicInteger();

        private String guard(String argument) {
            if (HASHED_KEY.matcher(argument).find()) {
                throw new AssertionError("the store was handed a plain key");
            }
            seen.add(argument);
            return argument;
        }

        private Token guard(Token token) {
            guard(token.lookup());
            guard(token.name());
            return token;
        }

        /** Fails if any 20 characters of {@code key} were in any argument the store received. */
        void assertNeverSaw(String key) {
            for (String argument : List.copyOf(seen)) {
                for (int i = 0; i + 20 <= key.length(); i++) {
                    if (argument.contains(key.substring(i, i + 20))) {
                        throw new AssertionError("the store was handed (part of) a plain key");
                    }
                }
            }
        }

        @Override
        public Optional<Token> findByLookup(String lookup) {
            queries.incrementAndGet();
            return inner.findByLookup(guard(lookup));
        }

        @Override
        public Optional<Token> findByAnyLookup(List<String> lookups) {
            queries.incrementAndGet();
            lookups.forEach(this::guard);
            for (String lookup : lookups) {
                Optional<Token> found = inner.findByLookup(lookup);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }

        @Override
        public List<Token> findAllOf(String userId) {
            queries.incrementAndGet();
            return inner.findAllOf(guard(userId));
        }

        @Override
        public Token getOrInsert(Token candidate) {
            return inner.getOrInsert(guard(candidate));
        }

        @Override
        public List<Token> insert(Token token, int maxPerUser) {
            return inner.insert(guard(token), maxPerUser);
        }

        @Override
        public boolean delete(String lookup) {
            return inner.delete(guard(lookup));
        }

        @Override
        public int deleteAllOf(String userId) {
            return inner.deleteAllOf(guard(userId));
        }

        @Override
        public boolean touch(String lookup, Instant lastUsed, Instant expires) {
            return inner.touch(guard(lookup), lastUsed, expires);
        }
    }

    private final TestClock clock = new TestClock(T0);

    @Test
    void issueForWhenDrfModeThenTheSameKeyEveryTimeAndItIsTheLookup() {
        TokenService drf = new TokenService(new InMemoryTokenStore());

        IssuedToken first = drf.issueFor("1");
        IssuedToken second = drf.issueFor("1");

        assertEquals(first.key(), second.key());
        assertEquals(first.key(), first.token().lookup());
        assertTrue(first.key().matches("[0-9a-f]{40}"), first.key());
        assertInstanceOf(TokenCheck.Valid.class, drf.check(first.key()));
    }

    @Test
    void issueForWhenHashedThenStoreNeverSeesTheKeyAndEachLoginGetsItsOwn() {
        KeyGuardStore guarded = new KeyGuardStore();
        TokenService hashed = TokenService.builder(guarded).keys(KeyMode.hashed(KeyModeTest.SECRET)).clock(clock).build();
        List<IssuedToken> issued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            issued.add(hashed.issueFor("1", "device " + i));
        }

        assertEquals(3, hashed.tokensOf("1").size());
        for (IssuedToken token : issued) {
            assertTrue(token.key().startsWith("tka_"), token.key());
            assertTrue(token.token().lookup().startsWith("k1$"), "the store holds the digest");
            assertEquals(token.token(), ((TokenCheck.Valid) hashed.check(token.key())).token());
        }
        assertTrue(hashed.revoke(issued.get(0).key()));
        assertEquals(TokenCheck.INVALID, hashed.check(issued.get(0).key()));
        assertEquals(2, hashed.revokeAllOf("1"));
        issued.forEach(token -> guarded.assertNeverSaw(token.key()));
    }

    @Test
    void issueForWhenScopesAndLifetimeGivenThenTheTokenKeepsThemAndTheServiceDefaultsOtherwise() {
        TokenService hashed = TokenService.builder(new InMemoryTokenStore()).keys(KeyMode.hashed(KeyModeTest.SECRET))
                .timeToLive(Duration.ofHours(10)).clock(clock).build();

        IssuedToken named = hashed.issueFor("1", "ci", Set.of("polls:read"), Duration.ofMinutes(5));
        IssuedToken plain = hashed.issueFor("1", "laptop");

        Token stored = ((TokenCheck.Valid) hashed.check(named.key())).token();
        assertEquals("ci", stored.name());
        assertEquals(Set.of("polls:read"), stored.scopes());
        assertEquals(Optional.of(T0.plusSeconds(300)), stored.expires());
        assertEquals(Optional.of(T0.plusSeconds(36_000)), plain.token().expires());
        assertEquals(10, hashed.maxTokensPerUser());
        assertEquals(Optional.of(Duration.ofHours(10)), hashed.timeToLive());
        assertEquals(1, new TokenService(new InMemoryTokenStore()).maxTokensPerUser());
        assertThrows(IllegalArgumentException.class, () -> hashed.issueFor("1", "x", Set.of(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> hashed.issueFor("1", "x", Set.of("a b"), null));
    }

    @Test
    void assertNeverSawWhenDrfModeThenTheGuardCatchesTheKey() {
        // The guard's own check: DRF mode stores keys as they are, and the guard must see it.
        KeyGuardStore guarded = new KeyGuardStore();
        IssuedToken token = new TokenService(guarded).issueFor("1");

        assertThrows(AssertionError.class, () -> guarded.assertNeverSaw(token.key()));
        assertThrows(AssertionError.class, () -> guarded.findByLookup(KeyMode.hashed(KeyModeTest.SECRET).newKey()));
    }

    @Test
    void checkWhenMalformedKeyThenNoStoreQueryAndUnknownKeyOneQueryWhateverTheSecrets() {
        KeyGuardStore guarded = new KeyGuardStore();
        ServerSecret third = ServerSecret.of("k2", new byte[40]);
        TokenService hashed = TokenService.builder(guarded)
                .keys(KeyMode.hashed(third, KeyModeTest.SECRET, KeyModeTest.OLD_SECRET)).build();
        String unknown = KeyMode.hashed(KeyModeTest.SECRET).newKey();

        assertEquals(TokenCheck.INVALID, hashed.check("tka_not-a-key"));
        assertEquals(TokenCheck.INVALID, hashed.check(unknown.substring(0, 39) + "x"));
        assertEquals(TokenCheck.INVALID, hashed.check("9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"));
        assertEquals(0, guarded.queries.get(), "malformed keys never reach the store");

        assertEquals(TokenCheck.INVALID, hashed.check(unknown));
        assertEquals(1, guarded.queries.get(), "an unknown key costs one query with three secrets");
    }

    @Test
    void checkWhenSecretRotatedThenOldTokensWorkUntilTheirSecretIsRetired() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService before = TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.OLD_SECRET)).build();
        IssuedToken old = before.issueFor("1");
        TokenService rotated = TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.SECRET, KeyModeTest.OLD_SECRET)).build();
        IssuedToken fresh = rotated.issueFor("1");
        TokenService retired = TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.SECRET)).build();

        assertTrue(fresh.token().lookup().startsWith("k1$"));
        assertInstanceOf(TokenCheck.Valid.class, rotated.check(old.key()));
        assertInstanceOf(TokenCheck.Valid.class, rotated.check(fresh.key()));
        assertEquals(TokenCheck.INVALID, retired.check(old.key()), "an unknown secret id is an invalid token");
        assertInstanceOf(TokenCheck.Valid.class, retired.check(fresh.key()));
    }

    @Test
    void issueForWhenCapReachedThenLeastRecentlyUsedIsEvicted() {
        TokenService service = TokenService.builder(new InMemoryTokenStore()).keys(KeyMode.hashed(KeyModeTest.SECRET))
                .tokenPerLogin(2).clock(clock).build();
        IssuedToken first = service.issueFor("1");
        clock.advance(Duration.ofMinutes(1));
        IssuedToken second = service.issueFor("1");
        clock.advance(Duration.ofMinutes(1));

        IssuedToken third = service.issueFor("1");

        assertEquals(TokenCheck.INVALID, service.check(first.key()), "the least recently used token is evicted");
        assertInstanceOf(TokenCheck.Valid.class, service.check(second.key()));
        assertInstanceOf(TokenCheck.Valid.class, service.check(third.key()));
        assertEquals(2, service.tokensOf("1").size());
    }

    @Test
    void checkWhenTimeToLivePassedThenExpiredAndDrfLoginGetsANewKey() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService service = TokenService.builder(store).timeToLive(Duration.ofHours(10)).clock(clock).build();
        IssuedToken token = service.issueFor("1");
        assertEquals(Optional.of(T0.plus(Duration.ofHours(10))), token.token().expires());

        clock.advance(Duration.ofHours(10).minusNanos(1));
        assertInstanceOf(TokenCheck.Valid.class, service.check(token.key()));
        clock.advance(Duration.ofNanos(1));
        assertInstanceOf(TokenCheck.Expired.class, service.check(token.key()));

        IssuedToken next = service.issueFor("1");
        assertNotEquals(token.key(), next.key(), "an expired token is replaced at the next login");
        assertInstanceOf(TokenCheck.Valid.class, service.check(next.key()));
        assertEquals(1, store.findAllOf("1").size());
    }

    @Test
    void checkWhenStoreKeepsNoExpiryThenTimeToLiveCountsFromCreation() {
        TokenStore noDetails = new DrfShapedStore();
        TokenService service = TokenService.builder(noDetails).timeToLive(Duration.ofMinutes(5)).clock(clock).build();
        IssuedToken token = service.issueFor("1");
        assertTrue(noDetails.findAllOf("1").get(0).expires().isEmpty());

        clock.advance(Duration.ofMinutes(5));

        assertInstanceOf(TokenCheck.Expired.class, service.check(token.key()));
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(5))), service.expiryOf(noDetails.findAllOf("1").get(0)));
    }

    @Test
    void checkWhenSlidingRefreshThenExpiryMovesAtMostOncePerInterval() {
        CountingStore store = new CountingStore();
        TokenService service = TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.SECRET))
                .timeToLive(Duration.ofHours(1)).slidingRefresh(Duration.ofMinutes(1)).clock(clock).build();
        IssuedToken token = service.issueFor("1");

        for (int i = 0; i < 30; i++) { // 30 requests in 30 seconds: one write
            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(TokenCheck.Valid.class, service.check(token.key()));
        }
        assertEquals(1, store.touches.get());
        clock.advance(Duration.ofSeconds(31));
        service.check(token.key());
        assertEquals(2, store.touches.get());

        clock.advance(Duration.ofMinutes(59)); // past the first expiry, within the refreshed one
        TokenCheck check = service.check(token.key());
        assertInstanceOf(TokenCheck.Valid.class, check);
        assertEquals(Optional.of(clock.instant().plus(Duration.ofHours(1))), ((TokenCheck.Valid) check).token().expires());
    }

    @Test
    void reissueForWhenHashedThenOneFreshTokenInPlaceOfAll() {
        TokenService service = TokenService.builder(new InMemoryTokenStore()).keys(KeyMode.hashed(KeyModeTest.SECRET)).build();
        IssuedToken a = service.issueFor("1");
        IssuedToken b = service.issueFor("1");

        IssuedToken fresh = service.reissueFor("1");

        assertEquals(TokenCheck.INVALID, service.check(a.key()));
        assertEquals(TokenCheck.INVALID, service.check(b.key()));
        assertEquals(List.of(fresh.token()), service.tokensOf("1"));
    }

    @Test
    void revokeByIdWhenAnotherUsersTokenThenUntouched() {
        TokenService service = TokenService.builder(new InMemoryTokenStore()).keys(KeyMode.hashed(KeyModeTest.SECRET)).build();
        IssuedToken mine = service.issueFor("1");
        IssuedToken theirs = service.issueFor("2");

        assertFalse(service.revokeById("1", theirs.token().id()));
        assertInstanceOf(TokenCheck.Valid.class, service.check(theirs.key()));
        assertTrue(service.revokeById("1", mine.token().id()));
        assertFalse(service.revokeById("1", mine.token().id()));
    }

    @Test
    void buildWhenStoreCannotKeepThePolicyThenRefusedNamingWhy() {
        TokenStore drfTable = new DrfShapedStore();

        IllegalStateException many = assertThrows(IllegalStateException.class,
                () -> TokenService.builder(drfTable).keys(KeyMode.hashed(KeyModeTest.SECRET)).build());
        assertTrue(many.getMessage().contains("oneTokenPerUser()"), many.getMessage());
        assertThrows(IllegalStateException.class,
                () -> TokenService.builder(drfTable).timeToLive(Duration.ofHours(1)).slidingRefresh(Duration.ofMinutes(1)).build());
        assertThrows(IllegalStateException.class,
                () -> TokenService.builder(new InMemoryTokenStore()).slidingRefresh(Duration.ofMinutes(1)).build());
        assertThrows(IllegalArgumentException.class, () -> TokenService.builder(drfTable).tokenPerLogin(0));
        assertThrows(IllegalArgumentException.class, () -> TokenService.builder(drfTable).timeToLive(Duration.ZERO));
        // Hashed keys, one per user: each login replaces the token, which DRF's shape can hold.
        TokenService replacing = TokenService.builder(drfTable).keys(KeyMode.hashed(KeyModeTest.SECRET)).oneTokenPerUser().build();
        IssuedToken first = replacing.issueFor("1");
        IssuedToken second = replacing.issueFor("1");
        assertEquals(TokenCheck.INVALID, replacing.check(first.key()));
        assertInstanceOf(TokenCheck.Valid.class, replacing.check(second.key()));
    }

    /** A store shaped like DRF's table: one token per user, no details. */
    static final class DrfShapedStore extends ForwardingStore {

        DrfShapedStore() {
            super(new InMemoryTokenStore());
        }

        private static Token bare(Token t) {
            return Token.of(t.lookup(), t.userId(), t.created());
        }

        @Override
        public Token getOrInsert(Token candidate) {
            return super.getOrInsert(bare(candidate));
        }

        @Override
        public List<Token> insert(Token token, int maxPerUser) {
            if (maxPerUser != 1) {
                throw new IllegalArgumentException("one per user");
            }
            return super.insert(bare(token), 1);
        }

        @Override
        public boolean touch(String lookup, Instant lastUsed, Instant expires) {
            return false;
        }

        @Override
        public int maxTokensPerUser() {
            return 1;
        }

        @Override
        public boolean keepsDetails() {
            return false;
        }
    }

    /** An in-memory store that counts touches. */
    static final class CountingStore extends ForwardingStore {
        final AtomicInteger touches = new AtomicInteger();

        CountingStore() {
            super(new InMemoryTokenStore());
        }

        @Override
        public boolean touch(String lookup, Instant lastUsed, Instant expires) {
            touches.incrementAndGet();
            return super.touch(lookup, lastUsed, expires);
        }
    }
}
