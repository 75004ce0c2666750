package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.TestClock;
import org.tokenauth.core.TokenStoreException;

/** Issue 11, item 4: an outage logs its first failure in full, then a count per interval, then "recovered". */
class OutageLogTest {

    private final RecordingLogger log = new RecordingLogger();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final OutageLog outages = new OutageLog(log, Duration.ofSeconds(60), clock);
    private final TokenStoreException down = new TokenStoreException("could not look up a token by key (SQLState 08001)");

    @Test
    @DisplayName("the first failure is logged in full, later ones only as a count once per interval, then one recovered line")
    void failedWhenOutageLastsThenFirstInFullThenCountsThenRecovered() {
        outages.succeeded();
        assertEquals(0, log.entries.size(), "nothing to say while storage works");

        outages.failed("Token authentication of GET /api/polls/", down);
        for (int i = 0; i < 99; i++) {
            clock.advance(Duration.ofMillis(500));
            outages.failed("Token authentication of GET /api/polls/", down);
        } // 49.5 s: under the interval

        assertEquals(1, log.entries.size(), "one entry for 100 failures in 49.5 s: " + log.entries);
        RecordingLogger.Entry first = log.entries.get(0);
        assertEquals(Level.ERROR, first.level());
        assertTrue(first.message().startsWith("Token authentication of GET /api/polls/ failed; answered 503"), first.message());
        assertTrue(first.message().contains("every 60 s"), first.message());
        assertEquals(down, first.thrown(), "the first one with its stack trace");

        clock.advance(Duration.ofMillis(10_500)); // 60 s after the first
        outages.failed("Obtaining a token at /api-token-auth/", down);

        assertEquals(2, log.entries.size());
        RecordingLogger.Entry count = log.entries.get(1);
        assertEquals(Level.ERROR, count.level());
        assertNull(count.thrown(), "a count, without a stack trace");
        assertTrue(count.message().contains("100 more requests answered 503 in the last 60 s (101 since 2026-11-28T12:00:00Z)"),
                count.message());
        assertTrue(count.message().contains("SQLState 08001"), "the latest failure's message: " + count.message());

        clock.advance(Duration.ofSeconds(59));
        outages.failed("Token authentication of GET /api/polls/", down);
        assertEquals(2, log.entries.size(), "the next count waits for the next interval");
        clock.advance(Duration.ofSeconds(61));
        outages.succeeded();
        outages.succeeded();

        assertEquals(3, log.entries.size(), "one recovered line, however many successes: " + log.entries);
        RecordingLogger.Entry recovered = log.entries.get(2);
        assertEquals(Level.WARNING, recovered.level());
        assertEquals("Storage recovered after 180 s: 102 requests were answered 503 since 2026-11-28T12:00:00Z", recovered.message());
    }

    @Test
    @DisplayName("a second outage is logged in full again, and counted from zero")
    void failedWhenSecondOutageThenFirstFailureInFullAgain() {
        outages.failed("Token authentication of GET /a", down);
        outages.succeeded();
        clock.advance(Duration.ofSeconds(5));

        outages.failed("Token authentication of GET /b", down);
        clock.advance(Duration.ofSeconds(1));
        outages.succeeded();

        assertEquals(4, log.entries.size(), "" + log.entries);
        assertNotNull(log.entries.get(2).thrown(), "the second outage's first failure, in full");
        assertTrue(log.entries.get(2).message().startsWith("Token authentication of GET /b failed"));
        assertEquals("Storage recovered after 1 s: 1 requests were answered 503 since 2026-11-28T12:00:05Z",
                log.entries.get(3).message());
    }

    @Test
    @DisplayName("an interval that is not positive is refused")
    void requireIntervalWhenNotPositiveThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OutageLog(log, Duration.ZERO, clock));
        assertThrows(IllegalArgumentException.class, () -> TokenAuthenticationFilter.builder(new org.tokenauth.core.InMemoryTokenStore(),
                id -> java.util.Optional.empty()).outageLogInterval(Duration.ofSeconds(-1)));
    }
}
