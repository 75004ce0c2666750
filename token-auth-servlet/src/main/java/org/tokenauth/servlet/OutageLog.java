package org.tokenauth.servlet;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The log of a storage outage, kept readable while it lasts: every request then answers 503, and
 * a full stack trace for each would bury everything else. The first failure is logged in full (an
 * ERROR with its exception); later ones are counted, and the count is logged (an ERROR, with the
 * latest failure's message but no stack trace) at most once per interval; the first success after
 * a failure logs one WARNING, "recovered", with the outage's length and total (a WARNING, so that
 * a log kept at WARNING shows the end of the ERRORs it shows).
 *
 * <p>One per filter or servlet, never static. Thread-safe: a success while nothing has failed is
 * one volatile read; the rest is synchronized, and only runs while storage fails.
 */
final class OutageLog {

    /** How often a lasting outage is reported by default. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private final System.Logger log;
    private final Duration interval;
    private final Clock clock;

    /** Whether the last request that reached storage failed; read without the lock on every success. */
    private volatile boolean down;

    // Guarded by this.
    private Instant since;
    private Instant reported;
    private long unreported;
    private long total;

    OutageLog(System.Logger log, Duration interval, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.interval = requireInterval(interval);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks an interval for {@link #OutageLog}: positive. */
    static Duration requireInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the outage log interval must be positive, but was " + interval);
        }
        return interval;
    }

    /**
     * Records a request answered 503 because storage failed.
     *
     * @param what    what failed, e.g. "Token authentication of GET /api/polls/" (never a key)
     * @param failure the failure
     */
    synchronized void failed(String what, Throwable failure) {
        Instant now = clock.instant();
        total++;
        if (!down) {
            down = true;
            since = now;
            reported = now;
            unreported = 0;
            log.log(Level.ERROR, what + " failed; answered 503. Further failures are counted and reported every "
                    + interval.toSeconds() + " s until a request succeeds again", failure);
            return;
        }
        unreported++;
        if (Duration.between(reported, now).compareTo(interval) >= 0) {
            log.log(Level.ERROR, "Storage still failing: " + unreported + " more requests answered 503 in the last "
                    + Duration.between(reported, now).toSeconds() + " s (" + total + " since " + since + "); latest: "
                    + what + ": " + failure);
            reported = now;
            unreported = 0;
        }
    }

    /** Records a request that reached storage and got its answer: ends an outage, if there was one. */
    void succeeded() {
        if (down) {
            recovered();
        }
    }

    private synchronized void recovered() {
        if (!down) {
            return;
        }
        down = false;
        Instant now = clock.instant();
        log.log(Level.WARNING, "Storage recovered after " + Duration.between(since, now).toSeconds() + " s: " + total
                + " requests were answered 503 since " + since);
        total = 0;
        unreported = 0;
    }

    @Override
    public String toString() {
        return "OutageLog[interval=" + interval + ", down=" + down + "]";
    }
}
