package org.tokenauth.servlet;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Django REST Framework's {@code SimpleRateThrottle} for many keys at once: for each key, the times
 * of its recent attempts, a sliding window of the rate's period; an attempt is allowed while fewer
 * than the rate's number lie in the window, and recorded only if allowed. A refused one is told
 * how long until the oldest attempt leaves the window, as DRF's {@code wait()}.
 *
 * <p>Bounded: at most {@code maxKeys} keys, the least recently used forgotten first; a key whose
 * attempts all left the window counts as new. Thread-safe: one lock, held for a few array
 * operations; only login requests come here, and each of those then costs a password hash.
 */
final class AttemptWindows {

    private final LoginRate rate;
    private final long periodMillis;
    private final Clock clock;
    private final Map<String, Window> windows;

    AttemptWindows(LoginRate rate, int maxKeys, Clock clock) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.periodMillis = rate.period().toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Records an attempt for {@code key}, if the rate allows it.
     *
     * @return empty if allowed (and recorded); else the whole seconds to wait, DRF's
     *         {@code ceil(wait)}, at least 1
     */
    synchronized OptionalLong attempt(String key) {
        long now = clock.millis();
        Window window = windows.get(key);
        if (window == null) {
            window = new Window(rate.attempts());
            windows.put(key, window);
        }
        window.dropOlderThan(now - periodMillis);
        if (window.size < rate.attempts()) {
            window.add(now);
            return OptionalLong.empty();
        }
        long waitMillis = periodMillis - (now - window.oldest());
        return OptionalLong.of(Math.max(1, (waitMillis + 999) / 1000));
    }

    /** Forgets {@code key}'s attempts. */
    synchronized void reset(String key) {
        windows.remove(key);
    }

    synchronized int keys() {
        return windows.size();
    }

    @Override
    public String toString() {
        return rate.toString();
    }

    /** A ring of attempt times, oldest first. */
    private static final class Window {

        private final long[] times;
        private int first;
        private int size;

        Window(int capacity) {
            times = new long[capacity];
        }

        long oldest() {
            return times[first];
        }

        /** DRF drops an attempt once {@code attempt <= now - duration}. */
        void dropOlderThan(long cutoff) {
            while (size > 0 && times[first] <= cutoff) {
                first = (first + 1) % times.length;
                size--;
            }
        }

        void add(long time) {
            times[(first + size) % times.length] = time;
            size++;
        }
    }
}
