package org.tokenauth.core.cache;

import java.time.Duration;
import java.util.Objects;

/** The range checks of the cache builders: each failure names the setting and says what it takes. */
final class Bounds {

    /** The least expiry a cache takes. */
    static final Duration MIN_DURATION = Duration.ofMillis(1);

    /** The most entries a cache takes: some 3 GB of tokens; anything above is a typo. */
    static final long MAX_SIZE = 10_000_000;

    private Bounds() {
    }

    static Duration duration(String owner, String setting, Duration value, Duration max) {
        Objects.requireNonNull(value, setting);
        if (value.compareTo(MIN_DURATION) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(owner + " " + setting + " must be from " + text(MIN_DURATION) + " to "
                    + text(max) + ", but was " + text(value));
        }
        return value;
    }

    static long size(String owner, String setting, long value) {
        if (value < 1 || value > MAX_SIZE) {
            throw new IllegalArgumentException(owner + " " + setting + " must be from 1 to " + MAX_SIZE + " entries, but was "
                    + value);
        }
        return value;
    }

    /** {@code 30 s}, {@code 1 ms}, {@code 24 h}; ISO-8601 for what is not a whole number of one unit. */
    static String text(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return d.toString();
        }
        if (d.toHours() * 3600 == d.getSeconds() && d.getNano() == 0) {
            return d.toHours() + " h";
        }
        if (d.getNano() == 0) {
            return d.getSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.getSeconds() + " s";
        }
        if (d.getNano() % 1_000_000 == 0) {
            return d.toMillis() + " ms";
        }
        return d.toString();
    }
}
