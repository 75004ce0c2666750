package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.jdbc.JdbcTokenauthStore;

/**
 * Last uses written behind, on the JDBC store over {@code tokenauth_token} in H2. The flushes are
 * driven by the test ({@code flushEvery(ZERO)}: no thread), except where the thread itself is tested.
 */
class LastUseRecorderTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T10:00:00Z"));
    private HikariDataSource pool;
    private TouchCounting store;

    /** The real store, counting the writes that reach it. */
    static final class TouchCounting extends ForwardingStore {
        final AtomicInteger touches = new AtomicInteger();

        TouchCounting(TokenStore delegate) {
            super(delegate);
        }

        @Override
        public boolean touch(String lookup, Instant lastUsed, Instant expires) {
            touches.incrementAndGet();
            return super.touch(lookup, lastUsed, expires);
        }
    }

    @BeforeEach
    void openDatabase() throws SQLException {
        pool = H2TestDatabase.newPool();
        SqlScripts.createTable(pool, "tokenauth_token", "h2");
        store = new TouchCounting(new JdbcTokenauthStore(pool));
    }

    @AfterEach
    void closeDatabase() {
        pool.close();
    }

    private TokenService service(LastUseRecorder recorder) {
        return TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.SECRET)).clock(clock).recordLastUse(recorder).build();
    }

    private static LastUseRecorder.Builder manual() {
        return LastUseRecorder.builder().flushEvery(Duration.ZERO);
    }

    private Optional<Instant> storedLastUse(IssuedToken issued) {
        return store.findByLookup(issued.token().lookup()).orElseThrow().lastUsed();
    }

    @Test
    void checkWhenManyUsesThenOneWritePerInterval() {
        try (LastUseRecorder recorder = manual().build()) {
            TokenService tokens = service(recorder);
            IssuedToken issued = tokens.issueFor("1");

            for (int i = 0; i < 50; i++) {
                clock.advance(Duration.ofMillis(100));
                assertInstanceOf(TokenCheck.Valid.class, tokens.check(issued.key()));
            }
            assertEquals(0, store.touches.get(), "nothing written on the request's thread");
            Instant lastOfThem = clock.instant();
            assertEquals(1, recorder.flush());
            assertEquals(Optional.of(lastOfThem), storedLastUse(issued));

            for (int i = 0; i < 50; i++) { // the next 50 s: within the interval, nothing noted
                clock.advance(Duration.ofSeconds(1));
                tokens.check(issued.key());
            }
            assertEquals(0, recorder.flush());
            clock.advance(Duration.ofSeconds(15)); // a minute after the written use
            tokens.check(issued.key());
            assertEquals(1, recorder.flush());
            assertEquals(2, store.touches.get());
            assertEquals(Optional.of(clock.instant()), storedLastUse(issued));
        }
    }

    @Test
    void checkWhenCachedStoreThenTheCacheSeesTheWrittenUse() {
        try (LastUseRecorder recorder = manual().build()) {
            TokenService tokens = service(recorder).withStore(CachingTokenStore.of(store));
            IssuedToken issued = tokens.issueFor("1");
            tokens.check(issued.key());
            recorder.flush();

            for (int i = 0; i < 30; i++) {
                clock.advance(Duration.ofSeconds(1));
                tokens.check(issued.key());
            }

            assertEquals(0, recorder.pending(), "the cached token's last use is the written one: nothing due");
            assertEquals(1, store.touches.get());
        }
    }

    @Test
    void recordWhenMaxPendingReachedThenOtherTokensDropped() {
        try (LastUseRecorder recorder = manual().maxPending(2).build()) {
            TokenService tokens = service(recorder);
            IssuedToken a = tokens.issueFor("1");
            IssuedToken b = tokens.issueFor("2");
            IssuedToken c = tokens.issueFor("3");

            tokens.check(a.key());
            tokens.check(b.key());
            tokens.check(c.key());
            tokens.check(a.key()); // already noted: coalesced, not dropped

            assertEquals(2, recorder.pending());
            assertEquals(1, recorder.dropped());
            assertEquals(2, recorder.flush());
            assertTrue(storedLastUse(a).isPresent());
            assertFalse(storedLastUse(c).isPresent());
        }
    }

    @Test
    void closeThenPendingUsesWritten() {
        LastUseRecorder recorder = LastUseRecorder.builder().flushEvery(Duration.ofHours(1)).build(); // the thread never gets to it
        TokenService tokens = service(recorder);
        IssuedToken issued = tokens.issueFor("1");
        tokens.check(issued.key());

        recorder.close();

        assertEquals(Optional.of(clock.instant()), storedLastUse(issued));
        tokens.check(issued.key()); // after close: dropped, no write
        recorder.close();
        assertEquals(1, store.touches.get());
    }

    @Test
    void flushWhenStoreFailsThenRequestsUnaffectedAndRetriedLater() throws SQLException {
        try (LastUseRecorder recorder = manual().build()) {
            TokenService tokens = service(recorder);
            IssuedToken issued = tokens.issueFor("1");
            tokens.check(issued.key());
            Instant used = clock.instant();
            sql("ALTER TABLE tokenauth_token RENAME TO tokenauth_token_away");

            assertThrows(TokenStoreException.class, recorder::flush);
            assertEquals(1, recorder.pending(), "kept for the next flush");

            sql("ALTER TABLE tokenauth_token_away RENAME TO tokenauth_token");
            clock.advance(Duration.ofSeconds(5));
            assertInstanceOf(TokenCheck.Valid.class, tokens.check(issued.key()));
            assertEquals(1, recorder.flush());
            assertEquals(Optional.of(clock.instant()), storedLastUse(issued), "the latest use, not " + used);
        }
    }

    @Test
    void backgroundThreadFlushesOnItsOwn() throws InterruptedException {
        try (LastUseRecorder recorder = LastUseRecorder.builder().flushEvery(Duration.ofMillis(10)).build()) {
            TokenService tokens = service(recorder);
            IssuedToken issued = tokens.issueFor("1");
            tokens.check(issued.key());

            for (int i = 0; i < 1_000 && recorder.written() == 0; i++) { // no timing asserted: waits until done
                Thread.sleep(10);
            }

            assertEquals(1, recorder.written());
            assertEquals(Optional.of(clock.instant()), storedLastUse(issued));
        }
    }

    @Test
    void checkWhenSlidingRefreshThenNoSecondWrite() {
        try (LastUseRecorder recorder = manual().interval(Duration.ofSeconds(30)).build()) {
            TokenService tokens = TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.SECRET)).clock(clock)
                    .timeToLive(Duration.ofHours(1)).slidingRefresh(Duration.ofMinutes(5)).recordLastUse(recorder).build();
            IssuedToken issued = tokens.issueFor("1");

            tokens.check(issued.key()); // the first use refreshes, and writes the last use with the expiry
            assertEquals(0, recorder.pending());
            assertEquals(1, store.touches.get());

            clock.advance(Duration.ofMinutes(1)); // last use due, refresh not
            tokens.check(issued.key());
            recorder.flush();
            assertEquals(2, store.touches.get());

            clock.advance(Duration.ofMinutes(5)); // both due: the refresh alone writes
            TokenCheck check = tokens.check(issued.key());
            assertEquals(0, recorder.pending());
            assertEquals(3, store.touches.get());
            assertEquals(Optional.of(clock.instant().plus(Duration.ofHours(1))), ((TokenCheck.Valid) check).token().expires());
        }
    }

    @Test
    void buildWhenStoreKeepsNoDetailsThenRefused() {
        try (LastUseRecorder recorder = manual().build()) {
            assertThrows(IllegalStateException.class,
                    () -> TokenService.builder(new TokenServiceTest.DrfShapedStore()).recordLastUse(recorder).build());
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
