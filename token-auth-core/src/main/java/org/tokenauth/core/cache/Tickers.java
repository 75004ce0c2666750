package org.tokenauth.core.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;

/** Caffeine's time source from a {@link Clock}: the system's nanosecond ticker, unless a test brings its own clock. */
final class Tickers {

    private Tickers() {
    }

    static Ticker of(Clock clock) {
        if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
            return Ticker.systemTicker(); // System.nanoTime(): monotonic, and reading it allocates nothing
        }
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
