package org.tokenauth.core.cache;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.tokenauth.core.cache.InvalidationMessage.Kind;

/**
 * Keeps the caches of several instances in step over an {@link InvalidationBus}: what one instance
 * revokes, every other one forgets within moments, instead of serving it from its cache until the
 * entry expires.
 *
 * <pre>{@code
 * Invalidations invalidations = Invalidations.over(PostgresInvalidationBus.of(dataSource));
 * CachingTokenStore tokens = CachingTokenStore.builder(new JdbcTokenauthStore(dataSource))
 *         .invalidations(invalidations)
 *         .build();
 * CachingUserLookup users = CachingUserLookup.builder(directory).invalidations(invalidations).build();
 * // ... at shutdown
 * invalidations.close();
 * }</pre>
 *
 * <p><b>What is sent.</b> Every change a cache attached here makes through its store (a revoked or
 * deleted token, a user's tokens deleted, tokens evicted by a cap or replaced) is published once
 * the store call has returned, that is after its transaction committed; a store call that fails
 * publishes nothing. So is {@link CachingUserLookup#invalidate}, the application's call after it
 * deactivates a user. A message names a token by its digest (a hashed-mode lookup value, or the
 * SHA-256 of any other) and a user by id: never a key.
 *
 * <p><b>What is received.</b> Each message from another instance is applied to every cache
 * attached here; a message that is not one of ours (a foreign or malformed one on the same channel)
 * is ignored and counted in {@link #stats()}. When the bus reports a {@linkplain
 * InvalidationBus.Listener#gap() gap} (it was disconnected, so messages may have been lost), every
 * attached cache is cleared.
 *
 * <p><b>Failures.</b> Publishing happens on a thread of its own, never on the request's: a revoke
 * returns as soon as the store has committed. A publish that fails is retried with backoff for
 * {@linkplain Builder#retryFor retryFor} (30 s by default, the token cache's default bound:
 * after that the other instances' entries have expired anyway), then dropped; failures are logged
 * ({@code System.Logger} {@code org.tokenauth.core.cache.Invalidations}) at most once a minute,
 * and once more when publishing works again. While the bus is down no request fails, and a change
 * made here is seen elsewhere within the caches' own bound ({@code expireAfter}).
 *
 * @since 0.1
 */
public final class Invalidations implements AutoCloseable {

    /** How long a failing publish is retried by default: the token cache's default bound. */
    public static final Duration DEFAULT_RETRY_FOR = CachingTokenStore.DEFAULT_EXPIRE_AFTER;

    /** How many unsent messages are held by default; past that, one "clear everything" is sent instead. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    private static final System.Logger LOG = System.getLogger(Invalidations.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final InvalidationBus bus;
    private final String origin;
    private final long retryForNanos;
    private final long firstBackoffNanos;
    private final long maxBackoffNanos;
    private final BlockingQueue<Outgoing> outgoing;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final List<CachingTokenStore> tokenCaches = new CopyOnWriteArrayList<>();
    private final List<CachingUserLookup> userCaches = new CopyOnWriteArrayList<>();
    private final Thread publisher;
    private volatile boolean closed;
    /** Signalled at each gap, so that the publisher retries at once; guards {@link #reconnects}. */
    private final Object reconnected = new Object();
    private long reconnects;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();

    /** A message waiting to be published, and when it was queued (by {@link System#nanoTime}). */
    private record Outgoing(String text, long queuedAt) {
    }

    private Invalidations(Builder b) {
        this.bus = b.bus;
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.origin = HexFormat.of().formatHex(id);
        this.retryForNanos = b.retryFor.toNanos();
        this.firstBackoffNanos = b.firstBackoff.toNanos();
        this.maxBackoffNanos = b.maxBackoff.toNanos();
        this.outgoing = new ArrayBlockingQueue<>(b.queueCapacity);
        this.publisher = new Thread(this::publishLoop, "tokenauth-invalidations-publisher");
        publisher.setDaemon(true);
        publisher.start();
        bus.subscribe(new InvalidationBus.Listener() {
            @Override
            public void message(String message) {
                receive(message);
            }

            @Override
            public void gap() {
                clearAll();
            }
        });
    }

    /**
     * Returns invalidations over {@code bus}, with the default retry and queue bounds, subscribed
     * at once.
     *
     * @param bus the bus; closed by {@link #close}
     * @return the invalidations, to attach caches to
     */
    public static Invalidations over(InvalidationBus bus) {
        return builder(bus).build();
    }

    /**
     * Returns a builder for invalidations over {@code bus}.
     *
     * @param bus the bus; closed by {@link #close}
     * @return a builder with the default bounds
     */
    public static Builder builder(InvalidationBus bus) {
        return new Builder(bus);
    }

    /**
     * Counts of what was sent and received since start.
     *
     * @param published      messages the bus took
     * @param failedAttempts publish attempts that failed (each retry counts)
     * @param dropped        messages given up on after {@link Builder#retryFor}, or replaced by
     *                       one "clear everything" when too many were waiting
     * @param received       messages delivered by the bus, this instance's own included
     * @param applied        messages from other instances applied to the caches
     * @param ignored        messages that were not ours (foreign or malformed), never applied
     * @param gaps           times the bus reported it may have missed messages, each of which
     *                       cleared the caches
     * @since 0.1
     */
    public record Stats(long published, long failedAttempts, long dropped, long received, long applied, long ignored,
                        long gaps) {
    }

    /** {@return what was sent and received since start} */
    public Stats stats() {
        return new Stats(published.get(), failedAttempts.get(), dropped.get(), received.get(), applied.get(),
                ignored.get(), gaps.get());
    }

    /** {@return the bus this publishes on and listens to} */
    public InvalidationBus bus() {
        return bus;
    }

    /**
     * Stops: publishes what is still queued (for up to a second), then closes the bus. The
     * attached caches keep working, on their own bounds.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        publisher.interrupt();
        try {
            publisher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bus.close();
        }
    }

    @Override
    public String toString() {
        return "Invalidations[over " + bus + "]";
    }

    // ---- What the caches call --------------------------------------------------------------------

    void attach(CachingTokenStore cache) {
        tokenCaches.add(cache);
    }

    void attach(CachingUserLookup cache) {
        userCaches.add(cache);
    }

    /** A token changed here: its cache key, as {@link CachingTokenStore#cacheKeyText} writes it. */
    void tokenChanged(String cacheKeyText) {
        send(Kind.TOKEN, cacheKeyText);
    }

    void tokensOfUserChanged(String userId) {
        send(Kind.TOKENS_OF, userId);
    }

    void userChanged(String userId) {
        send(Kind.USER, userId);
    }

    private void send(Kind kind, String value) {
        if (closed) {
            return;
        }
        String text = new InvalidationMessage(origin, kind, value).encode();
        if (!outgoing.offer(new Outgoing(text, System.nanoTime()))) {
            overflowed.set(true); // the publisher sends one "all" in place of everything queued
        }
    }

    // ---- Publishing ------------------------------------------------------------------------------

    private void publishLoop() {
        long failingSince = -1;
        long lastLog = 0;
        long droppedAtLog = 0;
        while (!closed || !outgoing.isEmpty()) {
            Outgoing next;
            try {
                next = takeNext();
            } catch (InterruptedException e) {
                if (closed) {
                    drainOnClose();
                    return;
                }
                continue;
            }
            if (next == null) {
                continue;
            }
            long backoff = firstBackoffNanos;
            while (true) {
                long reconnectsBefore = reconnects();
                try {
                    bus.publish(next.text);
                    published.incrementAndGet();
                    if (failingSince >= 0) {
                        LOG.log(Level.INFO, "invalidations are published again on " + bus + " after "
                                + Duration.ofNanos(System.nanoTime() - failingSince).toMillis() + " ms");
                        failingSince = -1;
                    }
                    break;
                } catch (RuntimeException e) {
                    failedAttempts.incrementAndGet();
                    long now = System.nanoTime();
                    if (failingSince < 0) {
                        failingSince = now;
                    }
                    if (lastLog == 0 || now - lastLog >= LOG_INTERVAL_NANOS) {
                        LOG.log(Level.WARNING, "could not publish an invalidation on " + bus + " (" + e
                                + "); retrying each for up to " + Bounds.text(Duration.ofNanos(retryForNanos))
                                + "; dropped so far: " + (dropped.get() - droppedAtLog)
                                + ". Other instances see this instance's changes within their cache bound.");
                        lastLog = now;
                        droppedAtLog = dropped.get();
                    }
                    if (now - next.queuedAt + backoff > retryForNanos || closed) {
                        dropped.incrementAndGet();
                        break;
                    }
                    try {
                        backoff = awaitRetry(backoff, reconnectsBefore) ? firstBackoffNanos : Math.min(backoff * 2, maxBackoffNanos);
                    } catch (InterruptedException interrupted) {
                        if (closed) {
                            dropped.incrementAndGet();
                            break;
                        }
                    }
                }
            }
        }
    }

    /**
     * Waits {@code backoffNanos} before the next attempt, or less if the bus reconnected since the
     * failed attempt began (a {@linkplain InvalidationBus.Listener#gap() gap}): a bus that is back
     * takes the message at once, rather than after the rest of a backoff of up to 2 s.
     *
     * @param seen the reconnections counted before the failed attempt
     * @return whether a reconnection cut the wait short
     */
    private boolean awaitRetry(long backoffNanos, long seen) throws InterruptedException {
        long deadline = System.nanoTime() + backoffNanos;
        synchronized (reconnected) {
            for (long left = backoffNanos; left > 0 && reconnects == seen; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(reconnected, left);
            }
            return reconnects != seen;
        }
    }

    private long reconnects() {
        synchronized (reconnected) {
            return reconnects;
        }
    }

    /**
     * The next message: after an overflow, one "all" that stands for everything queued; else the
     * head of the queue, waiting up to a second for one.
     */
    private Outgoing takeNext() throws InterruptedException {
        if (overflowed.getAndSet(false)) {
            int lost = outgoing.size();
            outgoing.clear();
            dropped.addAndGet(lost);
            return new Outgoing(new InvalidationMessage(origin, Kind.ALL, "").encode(), System.nanoTime());
        }
        return outgoing.poll(1, TimeUnit.SECONDS);
    }

    /** At close, one quick attempt for each message still queued, for up to a second in all. */
    private void drainOnClose() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (Outgoing next; (next = outgoing.poll()) != null; ) {
            if (System.nanoTime() > until) {
                dropped.incrementAndGet();
                continue;
            }
            try {
                bus.publish(next.text);
                published.incrementAndGet();
            } catch (RuntimeException e) {
                failedAttempts.incrementAndGet();
                dropped.incrementAndGet();
            }
        }
    }

    // ---- Receiving -------------------------------------------------------------------------------

    private void receive(String text) {
        received.incrementAndGet();
        Optional<InvalidationMessage> parsed = InvalidationMessage.parse(text);
        if (parsed.isEmpty()) {
            ignored.incrementAndGet();
            return;
        }
        InvalidationMessage message = parsed.get();
        if (message.origin().equals(origin)) {
            return; // this instance's own change, applied when it was made
        }
        switch (message.kind()) {
            case TOKEN -> {
                Object key = CachingTokenStore.cacheKeyOf(message.value()).orElseThrow();
                tokenCaches.forEach(cache -> cache.forget(key));
            }
            case TOKENS_OF -> tokenCaches.forEach(cache -> cache.invalidateUser(message.value()));
            case USER -> userCaches.forEach(cache -> cache.forget(message.value()));
            case ALL -> clearCaches();
        }
        applied.incrementAndGet();
    }

    private void clearAll() {
        clearCaches();
        gaps.incrementAndGet();
        synchronized (reconnected) {
            reconnects++;
            reconnected.notifyAll(); // a publish waiting out its backoff tries again now
        }
    }

    private void clearCaches() {
        tokenCaches.forEach(CachingTokenStore::invalidateAll);
        userCaches.forEach(CachingUserLookup::invalidateAll);
    }

    /**
     * Configures {@link Invalidations}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final InvalidationBus bus;
        private Duration retryFor = DEFAULT_RETRY_FOR;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration firstBackoff = FIRST_BACKOFF;
        private Duration maxBackoff = MAX_BACKOFF;

        private Builder(InvalidationBus bus) {
            this.bus = Objects.requireNonNull(bus, "bus");
        }

        /**
         * Sets how long a failing publish is retried before it is dropped: no longer than the
         * longest {@code expireAfter} of the caches attached is useful. 30 s by default.
         *
         * @param retryFor from 1 ms to 24 h
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder retryFor(Duration retryFor) {
            this.retryFor = Bounds.duration("Invalidations", "retryFor", retryFor, CachingTokenStore.MAX_EXPIRE_AFTER);
            return this;
        }

        /**
         * Sets how many messages may wait to be published (while the bus is slow or down); past
         * that, one "clear everything" is published in their place. 10,000 by default.
         *
         * @param queueCapacity from 1 to 10,000,000
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = (int) Bounds.size("Invalidations", "queueCapacity", queueCapacity);
            return this;
        }

        /** For tests: the first wait before a failed publish is tried again, and the longest. */
        Builder backoff(Duration first, Duration max) {
            this.firstBackoff = first;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Subscribes to the bus and starts the publishing thread.
         *
         * @return the invalidations, to attach caches to with their builders'
         *         {@code invalidations(...)}
         */
        public Invalidations build() {
            return new Invalidations(this);
        }
    }
}
