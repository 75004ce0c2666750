package org.tokenauth.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records when tokens were last used, written behind: a use is noted in memory, and one
 * background thread writes the notes to the store ({@link TokenStore#touch}) in batches. The
 * request that used the token never waits for a write, and never fails because of one.
 *
 * <pre>{@code
 * LastUseRecorder lastUse = LastUseRecorder.builder().build();   // 1 write per token per minute at most
 * TokenService tokens = TokenService.builder(store).keys(KeyMode.hashed(secret))
 *         .recordLastUse(lastUse)
 *         .build();
 * // ... and when the application stops:
 * lastUse.close();   // writes what is still pending
 * }</pre>
 *
 * <ul>
 *   <li><b>At most one write per token per {@linkplain Builder#interval interval}</b> (a minute by
 *       default): {@link TokenService#check} notes a use only when the token's stored
 *       {@link Token#lastUsed()} is older than that, and the uses of one token between two flushes
 *       are one note, the latest. A use racing a flush may cost one more write.
 *   <li><b>Bounded memory:</b> at most {@linkplain Builder#maxPending maxPending} notes (one per
 *       token); beyond that, uses of other tokens are dropped (counted in {@link #dropped()}),
 *       which costs nothing but a late last-used time.
 *   <li><b>Failures:</b> a flush that the store refuses stops there; the notes stay and are
 *       written at a later flush. It is logged ({@code System.Logger}
 *       {@code org.tokenauth.core.LastUseRecorder}: the first failure at {@code WARNING}, the
 *       recovery at {@code INFO}), with no key or lookup value.
 *   <li><b>Shutdown:</b> {@link #close()} stops the thread and writes what is pending.
 *   <li><b>With a sliding refresh</b> a check that moves the expiry writes the last use with it,
 *       and notes nothing here: never two writes for one use.
 * </ul>
 *
 * <p>One recorder may serve several services (e.g. one and its {@linkplain TokenService#withStore
 * cached copy}); each note is written through the store of the service that made it, so a cache
 * in front of the store sees the new time. Thread-safe.
 *
 * @since 0.1
 */
public final class LastUseRecorder implements AutoCloseable {

    /** The default least time between two writes of one token's last use: one minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** The default time between two flushes: 10 seconds. */
    public static final Duration DEFAULT_FLUSH_EVERY = Duration.ofSeconds(10);

    /** The default most notes held at once: 100,000 tokens (a few MB). */
    public static final int DEFAULT_MAX_PENDING = 100_000;

    private static final System.Logger LOG = System.getLogger(LastUseRecorder.class.getName());

    /** A note: the latest use of a token not yet written, and the store to write it to. */
    private record Pending(TokenStore store, Instant used) {
        Pending later(Pending other) {
            return other.used.isAfter(used) ? other : this;
        }
    }

    private final Duration interval;
    private final int maxPending;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Object flushLock = new Object();
    private final ScheduledExecutorService flusher;
    private volatile boolean closed;
    /** Guarded by {@code flushLock}: whether the last flush failed (to log an outage once). */
    private boolean failing;

    private LastUseRecorder(Builder b) {
        this.interval = b.interval;
        this.maxPending = b.maxPending;
        if (b.flushEvery.isZero()) {
            this.flusher = null;
        } else {
            this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "tokenauth-last-use");
                thread.setDaemon(true);
                return thread;
            });
            long millis = b.flushEvery.toMillis();
            flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Returns a builder: a minute between writes of one token, a flush every 10 seconds, at most
     * 100,000 notes.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the least time between two writes of one token's last use} */
    public Duration interval() {
        return interval;
    }

    /**
     * Tells whether a use of this token now should be noted: its stored last use is older than
     * the {@linkplain #interval() interval}, or unknown.
     *
     * @param token the token, as the store returned it
     * @param now   the time of the use
     * @return whether to {@link #record} it
     */
    public boolean isDue(Token token, Instant now) {
        return token.lastUsed().map(last -> !now.isBefore(last.plus(interval))).orElse(true);
    }

    /**
     * Notes a use, to be written at the next flush. Takes no lock beyond one hash-map bin, does
     * no I/O and throws nothing but for {@code null}s. Dropped after {@link #close()}, and when
     * {@linkplain Builder#maxPending maxPending} other tokens are already noted.
     *
     * @param store  where the token lives (the service's store, cache included)
     * @param lookup the token's lookup value
     * @param used   when it was used
     */
    public void record(TokenStore store, String lookup, Instant used) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(used, "used");
        if (closed || (pending.size() >= maxPending && !pending.containsKey(lookup))) {
            dropped.increment();
            return;
        }
        pending.merge(lookup, new Pending(store, used), Pending::later);
    }

    /**
     * Writes every pending note now, in the calling thread; the background thread calls this.
     * Stops at the first failure, keeping that note and the rest for a later flush.
     *
     * @return how many notes were written
     * @throws TokenStoreException the store's failure, if it failed (the notes stay pending)
     */
    public int flush() {
        synchronized (flushLock) {
            int count = 0;
            Iterator<Map.Entry<String, Pending>> notes = pending.entrySet().iterator();
            try {
                while (notes.hasNext()) {
                    Map.Entry<String, Pending> note = notes.next();
                    note.getValue().store().touch(note.getKey(), note.getValue().used(), null);
                    // Forgotten even if a later use was noted meanwhile: one write per interval.
                    notes.remove();
                    count++;
                }
            } catch (RuntimeException e) {
                written.add(count);
                if (!failing) {
                    failing = true;
                    // The failure's type only: a driver's message may quote the statement's values.
                    LOG.log(Level.WARNING, "could not record the last use of " + pending.size() + " token(s) ("
                            + e.getClass().getName() + "); retrying at the next flush");
                }
                throw e;
            }
            written.add(count);
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "recording last uses again");
            }
            return count;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // Logged in flush(); retried at the next one. The thread must not die.
        }
    }

    /** {@return how many uses are noted and not yet written} */
    public int pending() {
        return pending.size();
    }

    /** {@return how many uses were dropped because {@linkplain Builder#maxPending too many} tokens were noted, or after close} */
    public long dropped() {
        return dropped.sum();
    }

    /** {@return how many last uses were written} */
    public long written() {
        return written.sum();
    }

    /**
     * Stops the background thread, waiting for a flush under way, then writes what is pending.
     * Uses after this are dropped. Calling it again does nothing more.
     *
     * @throws TokenStoreException if the final flush fails (logged too)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public String toString() {
        return "LastUseRecorder[interval=" + interval + ", pending=" + pending.size() + ", dropped=" + dropped.sum() + "]";
    }

    /**
     * Configures a {@link LastUseRecorder}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private Duration interval = DEFAULT_INTERVAL;
        private Duration flushEvery = DEFAULT_FLUSH_EVERY;
        private int maxPending = DEFAULT_MAX_PENDING;

        private Builder() {
        }

        /**
         * Sets the least time between two writes of one token's last use; a minute by default.
         *
         * @param interval the interval
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder interval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").isNegative()) {
                throw new IllegalArgumentException("interval must not be negative, but was " + interval);
            }
            this.interval = interval;
            return this;
        }

        /**
         * Sets how often the background thread writes the pending notes; 10 seconds by default.
         * {@link Duration#ZERO} starts no thread: the application calls {@link #flush()} itself
         * (and tests drive it so).
         *
         * @param flushEvery the time between two flushes, or zero for none
         * @return this builder
         * @throws IllegalArgumentException if it is negative, or positive but under a millisecond
         */
        public Builder flushEvery(Duration flushEvery) {
            Objects.requireNonNull(flushEvery, "flushEvery");
            if (flushEvery.isNegative() || (!flushEvery.isZero() && flushEvery.toMillis() == 0)) {
                throw new IllegalArgumentException("flushEvery must be zero or at least a millisecond, but was " + flushEvery);
            }
            this.flushEvery = flushEvery;
            return this;
        }

        /**
         * Sets the most tokens noted at once; 100,000 by default.
         *
         * @param maxPending the bound
         * @return this builder
         * @throws IllegalArgumentException if it is under 1
         */
        public Builder maxPending(int maxPending) {
            if (maxPending < 1) {
                throw new IllegalArgumentException("maxPending must be at least 1, but was " + maxPending);
            }
            this.maxPending = maxPending;
            return this;
        }

        /**
         * Builds the recorder and starts its thread (unless {@linkplain #flushEvery flushEvery}
         * is zero). Close it when the application stops.
         *
         * @return the recorder
         */
        public LastUseRecorder build() {
            return new LastUseRecorder(this);
        }
    }
}
