package org.tokenauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.TestClock;
import org.tokenauth.core.TokenStoreContract;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/** The user cache: fewer queries, bounded staleness, explicit invalidation, no remembered failure. */
class CachingUserLookupTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final Users backing = new Users();
    private final CachingUserLookup users = CachingUserLookup.builder(backing).clock(clock).build();

    /** A users table in memory that counts its queries, can be slowed down and can fail. */
    private static final class Users implements UserLookup {
        final Map<String, UserAccount> rows = new ConcurrentHashMap<>();
        final AtomicInteger queries = new AtomicInteger();
        volatile boolean down;
        volatile long delayMillis;

        @Override
        public Optional<UserAccount> findById(String id) {
            queries.incrementAndGet();
            if (delayMillis > 0) {
                try {
                    TimeUnit.MILLISECONDS.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) {
                throw new IllegalStateException("users table is down");
            }
            return Optional.ofNullable(rows.get(id));
        }
    }

    @Test
    @DisplayName("a user is queried once, then served from the cache until expireAfter (5 s by default)")
    void cachedUntilBound() {
        backing.rows.put("1", new UserAccount("1", "ann", true));

        for (int i = 0; i < 50; i++) {
            assertEquals("ann", users.findById("1").orElseThrow().username());
        }
        assertEquals(1, backing.queries.get());
        backing.rows.put("1", new UserAccount("1", "ann", false)); // deactivated elsewhere

        clock.advance(Duration.ofMillis(4_999));
        assertTrue(users.findById("1").orElseThrow().active(), "within the bound, the cache answers");
        clock.advance(Duration.ofMillis(1));
        assertEquals(false, users.findById("1").orElseThrow().active(), "at the bound, the lookup answers");
    }

    @Test
    @DisplayName("invalidate(userId) makes the next find ask again at once; invalidateAll forgets everyone")
    void invalidate() {
        backing.rows.put("1", new UserAccount("1", "ann", true));
        backing.rows.put("2", new UserAccount("2", "bob", true));
        users.findById("1");
        users.findById("2");
        backing.rows.put("1", new UserAccount("1", "ann", false));

        users.invalidate("1");

        assertEquals(false, users.findById("1").orElseThrow().active());
        assertEquals(3, backing.queries.get());
        users.invalidateAll();
        users.findById("1");
        users.findById("2");
        assertEquals(5, backing.queries.get());
    }

    @Test
    @DisplayName("an unknown user is remembered only briefly (1 s by default)")
    void unknownBriefly() {
        assertEquals(Optional.empty(), users.findById("9"));
        assertEquals(Optional.empty(), users.findById("9"));
        assertEquals(1, backing.queries.get());
        backing.rows.put("9", new UserAccount("9", "new", true)); // created elsewhere

        clock.advance(CachingUserLookup.DEFAULT_UNKNOWN_EXPIRE_AFTER);
        assertEquals("new", users.findById("9").orElseThrow().username());
    }

    @Test
    @DisplayName("a failure is not remembered, and the recovered lookup serves the next find")
    void failureNotCached() {
        backing.rows.put("1", new UserAccount("1", "ann", true));
        backing.down = true;

        assertThrows(IllegalStateException.class, () -> users.findById("1"));
        assertThrows(IllegalStateException.class, () -> users.findById("1"));
        assertTrue(users.entries().isEmpty());
        backing.down = false;

        assertEquals("ann", users.findById("1").orElseThrow().username());
        assertEquals(3, backing.queries.get());
    }

    @Test
    @DisplayName("32 threads missing one user at once make exactly one query")
    void oneLoad() throws Exception {
        backing.rows.put("1", new UserAccount("1", "ann", true));
        backing.delayMillis = 100;

        List<Optional<UserAccount>> results = TokenStoreContract.race(Collections.nCopies(32, "1"), users::findById);

        assertEquals(1, backing.queries.get());
        results.forEach(user -> assertEquals("ann", user.orElseThrow().username()));
    }

    @Test
    @DisplayName("toString names the bounds")
    void describes() {
        assertTrue(users.toString().startsWith("CachingUserLookup[expireAfter=5 s, unknownExpireAfter=1 s, over "), users.toString());
    }
}
