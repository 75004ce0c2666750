package org.tokenauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tokenauth.core.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.UserAccount;

/**
 * Two instances' caches over one store, kept in step by {@link Invalidations} on a loopback bus:
 * what one revokes, the other forgets; what fails is retried, then dropped; what is not ours is
 * ignored; a gap clears everything.
 */
class InvalidationsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final LoopbackBus bus = new LoopbackBus();
    private final LoopbackBus.End endA = bus.newEnd();
    private final LoopbackBus.End endB = bus.newEnd();
    private final CountingStore shared = new CountingStore(new InMemoryTokenStore());
    private final Invalidations a = Invalidations.over(endA);
    private final Invalidations b = Invalidations.over(endB);
    private final CachingTokenStore cacheA = CachingTokenStore.builder(shared).invalidations(a).build();
    private final CachingTokenStore cacheB = CachingTokenStore.builder(shared).invalidations(b).build();

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static String drfKey() {
        byte[] key = new byte[20];
        RANDOM.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    private Token stored(String userId) {
        Token token = Token.of(drfKey(), userId, T0);
        shared.insert(token, Integer.MAX_VALUE);
        return token;
    }


    private boolean cachedIn(CachingTokenStore cache, Token token) {
        return cache.knownEntries().containsKey(cache.keyOf(token.lookup()));
    }

    @Test
    @DisplayName("a token revoked through one instance is forgot by the other, whose next find asks the store")
    void revokeReachesTheOtherInstance() throws InterruptedException {
        Token token = stored("7");
        assertTrue(cacheB.findByLookup(token.lookup()).isPresent());
        assertTrue(cachedIn(cacheB, token));

        assertTrue(cacheA.delete(token.lookup()));

        eventually("B forgets the token", () -> !cachedIn(cacheB, token));
        assertEquals(Optional.empty(), cacheB.findByLookup(token.lookup()));
        eventually("counted", () -> b.stats().applied() == 1 && a.stats().published() == 1);
    }

    @Test
    @DisplayName("a logout everywhere through one instance drops all of that user's tokens on the other, and no one else's")
    void logoutEverywhere() throws InterruptedException {
        Token first = stored("7");
        Token second = stored("7");
        Token other = stored("8");
        List.of(first, second, other).forEach(t -> cacheB.findByLookup(t.lookup()));

        assertEquals(2, cacheA.deleteAllOf("7"));

        eventually("B forgets user 7's tokens", () -> !cachedIn(cacheB, first) && !cachedIn(cacheB, second));
        assertTrue(cachedIn(cacheB, other));
    }

    @Test
    @DisplayName("tokens evicted by a cap, or replaced, through one instance are forgot by the other")
    void evictionAndReplacement() throws InterruptedException {
        TokenService service = TokenService.builder(cacheA).tokenPerLogin(1).build();
        IssuedToken old = service.issueFor("7");
        assertTrue(cacheB.findByLookup(old.token().lookup()).isPresent());

        service.issueFor("7"); // the cap of one evicts the old token

        eventually("B forgets the evicted token", () -> !cachedIn(cacheB, old.token()));
        assertEquals(Optional.empty(), cacheB.findByLookup(old.token().lookup()));
    }

    @Test
    @DisplayName("hashed mode: a revocation travels as the digest it is stored under")
    void hashedMode() throws InterruptedException {
        KeyMode keys = KeyMode.hashed(ServerSecret.of("s1", new byte[32]));
        TokenService service = TokenService.builder(cacheA).keys(keys).tokenPerLogin(10).build();
        IssuedToken issued = service.issueFor("7");
        assertTrue(cacheB.findByLookup(issued.token().lookup()).isPresent());

        assertTrue(service.revoke(issued.key()));

        eventually("B forgets the token", () -> !cachedIn(cacheB, issued.token()));
        assertTrue(bus.sent.stream().anyMatch(m -> m.endsWith(" token " + issued.token().lookup())), bus.sent::toString);
    }

    @Test
    @DisplayName("no message carries a key: DRF-mode keys travel as their SHA-256")
    void noKeyOnTheBus() throws InterruptedException {
        Token token = stored("7");
        cacheA.delete(token.lookup());
        eventually("published", () -> a.stats().published() == 1);

        String message = bus.sent.get(0);
        assertFalse(message.contains(token.lookup()), message);
        assertTrue(message.matches("tokenauth-invalidation/1 [0-9a-f]{16} token sha256:[0-9a-f]{64}"), message);
    }

    @Test
    @DisplayName("a store write that fails publishes nothing")
    void failedWritePublishesNothing() throws InterruptedException {
        Token token = stored("7");
        shared.down(true);

        assertThrows(TokenStoreException.class, () -> cacheA.delete(token.lookup()));

        shared.down(false);
        cacheA.delete(stored("8").lookup()); // a later success is published, and only it
        eventually("published", () -> a.stats().published() == 1);
        assertEquals(1, bus.sent.size());
    }

    @Test
    @DisplayName("a publish that fails is retried until the bus takes it")
    void retried() throws InterruptedException {
        Token token = stored("7");
        cacheB.findByLookup(token.lookup());
        endA.refusals.set(3);

        cacheA.delete(token.lookup());

        eventually("B forgets the token", () -> !cachedIn(cacheB, token));
        eventually("counted", () -> a.stats().published() == 1);
        assertEquals(3, a.stats().failedAttempts());
        assertEquals(0, a.stats().dropped());
    }

    @Test
    @DisplayName("a publish waiting out its backoff is tried again as soon as the bus reports it is back (a gap)")
    void retriedAtOnceAfterAGap() throws InterruptedException {
        try (Invalidations patient = Invalidations.builder(endA).retryFor(Duration.ofMinutes(5))
                .backoff(Duration.ofMinutes(1), Duration.ofMinutes(1)).build()) {
            CachingTokenStore cache = CachingTokenStore.builder(shared).invalidations(patient).build();
            endA.refusals.set(-1);
            cache.delete(stored("7").lookup());
            eventually("the first attempt failed", () -> patient.stats().failedAttempts() == 1);

            endA.refusals.set(0);
            endA.gap(); // back: without the gap, the next attempt would come in a minute

            eventually("published", () -> patient.stats().published() == 1);
            assertEquals(1, patient.stats().failedAttempts());
        }
    }

    @Test
    @DisplayName("a publish that keeps failing is dropped after retryFor, and counted")
    void dropped() throws InterruptedException {
        try (Invalidations quick = Invalidations.builder(endA).retryFor(Duration.ofMillis(300)).build()) {
            CachingTokenStore cache = CachingTokenStore.builder(shared).invalidations(quick).build();
            endA.refusals.set(-1);

            cache.delete(stored("7").lookup());

            eventually("dropped", () -> quick.stats().dropped() == 1);
            assertTrue(quick.stats().failedAttempts() >= 2, quick.stats()::toString);
            assertEquals(0, quick.stats().published());
        }
    }

    @Test
    @DisplayName("a foreign or malformed message is ignored and counted, never applied")
    void foreignMessagesIgnored() throws InterruptedException {
        Token token = stored("7");
        cacheB.findByLookup(token.lookup());
        String digest = CachingTokenStore.cacheKeyText(cacheB.keyOf(token.lookup()));

        bus.inject("hello");
        bus.inject("tokenauth-invalidation/1 0123456789abcdef token " + token.lookup()); // a plain key is not a cache key
        bus.inject("tokenauth-invalidation/2 0123456789abcdef token " + digest);
        bus.inject("tokenauth-invalidation/1 0123456789ABCDEF token " + digest);
        bus.inject("tokenauth-invalidation/1 0123456789abcdef all now");
        bus.inject("tokenauth-invalidation/1 0123456789abcdef user ");

        eventually("six ignored", () -> b.stats().ignored() == 6);
        assertTrue(cachedIn(cacheB, token));
        assertEquals(0, b.stats().applied());

        bus.inject("tokenauth-invalidation/1 0123456789abcdef token " + digest); // and the same, well-formed
        eventually("applied", () -> !cachedIn(cacheB, token));
    }

    @Test
    @DisplayName("a gap (the bus reconnected) clears every attached cache")
    void gapClears() throws InterruptedException {
        CachingUserLookup usersB = CachingUserLookup.builder(id -> Optional.of(new UserAccount(id, "user" + id, true)))
                .invalidations(b).build();
        Token token = stored("7");
        cacheB.findByLookup(token.lookup());
        usersB.findById("7");

        endB.gap();

        eventually("cleared", () -> cacheB.knownEntries().isEmpty() && usersB.entries().isEmpty());
        assertEquals(1, b.stats().gaps());
    }

    @Test
    @DisplayName("a user invalidated on one instance (deactivated) is forgot by the other")
    void userInvalidation() throws InterruptedException {
        CachingUserLookup usersA = CachingUserLookup.builder(id -> Optional.of(new UserAccount(id, "user" + id, true)))
                .invalidations(a).build();
        CachingUserLookup usersB = CachingUserLookup.builder(id -> Optional.of(new UserAccount(id, "user" + id, true)))
                .invalidations(b).build();
        usersB.findById("7");
        usersB.findById("8");

        usersA.invalidate("7");

        eventually("B forgets user 7", () -> !usersB.entries().containsKey("7"));
        assertTrue(usersB.entries().containsKey("8"));
    }

    @Test
    @DisplayName("an instance skips its own messages: what it changed, it forgot already")
    void ownMessagesSkipped() throws InterruptedException {
        cacheA.delete(stored("7").lookup());
        eventually("B applied it", () -> b.stats().applied() == 1);
        eventually("A received it", () -> a.stats().received() == 1);
        assertEquals(0, a.stats().applied());
    }
}
