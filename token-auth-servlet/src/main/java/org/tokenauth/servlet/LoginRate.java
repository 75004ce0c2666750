package org.tokenauth.servlet;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A throttle rate in Django REST Framework's {@code DEFAULT_THROTTLE_RATES} syntax: {@code "10/minute"},
 * {@code "100/hour"}, or {@code "none"} for no limit. Stricter than DRF, which reads only the first
 * letter of the period (so that DRF takes {@code "5/month"} for five a minute): here the period is
 * one of {@code s, sec, second, m, min, minute, h, hour, d, day}, singular or plural.
 *
 * @param attempts how many attempts the period allows, at least 1
 * @param period   the sliding window they are counted in
 */
record LoginRate(int attempts, Duration period) {

    /** What a bad rate is told, after its name. */
    static final String EXPECTED = "must be attempts per period, such as '10/minute' (period: second, minute, hour or day), or 'none'";

    private static final Map<String, Duration> PERIODS = Map.ofEntries(
            Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
            Map.entry("second", Duration.ofSeconds(1)), Map.entry("seconds", Duration.ofSeconds(1)),
            Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
            Map.entry("minute", Duration.ofMinutes(1)), Map.entry("minutes", Duration.ofMinutes(1)),
            Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)),
            Map.entry("hours", Duration.ofHours(1)),
            Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)), Map.entry("days", Duration.ofDays(1)));

    LoginRate {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be positive, but was " + attempts);
        }
    }

    /**
     * Parses a rate.
     *
     * @return the rate, or empty for {@code "none"}
     * @throws IllegalArgumentException saying what was expected, if {@code text} is neither
     */
    static Optional<LoginRate> parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        int slash = value.indexOf('/');
        if (slash > 0) {
            Duration period = PERIODS.get(value.substring(slash + 1).strip().toLowerCase(Locale.ROOT));
            String count = value.substring(0, slash).strip();
            if (period != null && count.matches("[0-9]{1,9}") && Integer.parseInt(count) > 0) {
                return Optional.of(new LoginRate(Integer.parseInt(count), period));
            }
        }
        throw new IllegalArgumentException(EXPECTED + ", but was '" + text + "'");
    }

    @Override
    public String toString() {
        return attempts + "/" + period.toSeconds() + "s";
    }
}
