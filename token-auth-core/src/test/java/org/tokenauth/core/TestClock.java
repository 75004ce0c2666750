package org.tokenauth.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tests move by hand, for expiry and refresh; safe to read from other threads.
 *
 * @since 0.1
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    /** @param start the time it shows until moved */
    public TestClock(Instant start) {
        this.now = start;
    }

    /** @param by how far to move it */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    /** @param instant the time it shows from now on */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
