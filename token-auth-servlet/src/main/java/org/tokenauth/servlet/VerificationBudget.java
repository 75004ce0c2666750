package org.tokenauth.servlet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How many password verifications one servlet may start, whoever asks: a token bucket that fills
 * at {@code rate} and holds at most {@code burst}, one token a verification. The per-address and
 * per-username throttles cannot limit a flood spread over many addresses; this does, so hashing
 * never takes more than its share of the machine.
 *
 * <p>Kept as GCRA (the "theoretical arrival time" form of a token bucket): one number, the time
 * at which the bucket would be full again, moved on by one interval per verification. Thread-safe:
 * one lock around a few arithmetic operations.
 */
final class VerificationBudget {

    /**
     * Verifications a minute per processor by default: 30, one every two seconds. A password
     * verification is CPU-bound ({@link org.tokenauth.core.Pbkdf2PasswordHasher} at Django's
     * 1,000,000 iterations: about 0.27 s of one core), so this keeps hashing at about 14 % of the
     * machine however many addresses send logins: a flood leaves the API over 80 % of its
     * throughput (benchmarks/README.md, "Login flood"). At 90, the first choice, hashing took
     * about 40 % and the API kept 69 %.
     */
    static final int DEFAULT_PER_PROCESSOR_PER_MINUTE = 30;

    /** What the bucket holds by default: this long of the rate. */
    static final Duration DEFAULT_BURST_SPAN = Duration.ofMinutes(1);

    private final LoginRate rate;
    private final int burst;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final Clock clock;
    private long fullAtNanos = Long.MIN_VALUE;

    VerificationBudget(LoginRate rate, int burst, Clock clock) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.burst = requireBurst(burst);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intervalNanos = Math.max(1, rate.period().toNanos() / rate.attempts());
        // How far ahead of now the bucket may be drawn: a full bucket's worth. Capped, so that a
        // huge burst cannot overflow the arithmetic below (a quarter of a long is 73 years).
        this.toleranceNanos = (long) Math.min((double) intervalNanos * (burst - 1), Long.MAX_VALUE / 4);
    }

    /** The default rate: {@value #DEFAULT_PER_PROCESSOR_PER_MINUTE} a minute per available processor. */
    static LoginRate defaultRate() {
        return new LoginRate(DEFAULT_PER_PROCESSOR_PER_MINUTE * Runtime.getRuntime().availableProcessors(),
                Duration.ofMinutes(1));
    }

    /** The default burst for {@code rate}: what it allows in {@link #DEFAULT_BURST_SPAN}, at least 1. */
    static int defaultBurst(LoginRate rate) {
        double perSpan = (double) rate.attempts() * DEFAULT_BURST_SPAN.toNanos() / rate.period().toNanos();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(perSpan)));
    }

    static int requireBurst(int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("the verification burst must be positive, but was " + burst);
        }
        return burst;
    }

    /**
     * Takes one verification from the budget, if there is one.
     *
     * @return empty if taken; else the whole seconds until one is there again, at least 1
     */
    synchronized OptionalLong take() {
        long now = nanos(clock.instant());
        long fullAt = Math.max(fullAtNanos, now);
        long waitNanos = fullAt - toleranceNanos - now;
        if (waitNanos > 0) {
            return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000));
        }
        fullAtNanos = fullAt + intervalNanos;
        return OptionalLong.empty();
    }

    /** Nanoseconds since the epoch: a long holds them until 2262. */
    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public String toString() {
        return rate + " burst " + burst;
    }
}
