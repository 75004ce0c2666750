package org.tokenauth.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/**
 * A {@link UserLookup} that remembers the users another one found, so that an authenticated
 * request costs no user query while its owner is cached.
 *
 * <pre>{@code
 * CachingUserLookup users = CachingUserLookup.of(new UserDirectory(dataSource));
 * // ... and where the application deactivates or deletes a user:
 * users.invalidate(userId);   // their next request on this instance is refused at once
 * }</pre>
 *
 * <p><b>Staleness.</b> A user is remembered for {@linkplain Builder#expireAfter expireAfter}
 * (5 s by default): the longest a user deactivated or deleted without {@link #invalidate} (on
 * another instance, in Django, by SQL) can go on authenticating here. An unknown user id is
 * remembered more briefly ({@linkplain Builder#unknownExpireAfter unknownExpireAfter}, 1 s by
 * default). Call {@link #invalidate} wherever the application changes a user's active flag or
 * deletes them.
 *
 * <p><b>Failures are never remembered</b>: the call fails (the filter answers 503) and the next
 * one asks again. Concurrent misses for one user make one query; a hit takes no lock.
 *
 * @since 0.1
 */
public final class CachingUserLookup implements UserLookup {

    /** How long a user is remembered by default: 5 s. */
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofSeconds(5);

    /** How many users are remembered by default: 10,000. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    /** How long an unknown user id is remembered by default: 1 s. */
    public static final Duration DEFAULT_UNKNOWN_EXPIRE_AFTER = Duration.ofSeconds(1);

    /** The most {@link Builder#expireAfter} takes. */
    static final Duration MAX_EXPIRE_AFTER = Duration.ofHours(24);

    /** The most {@link Builder#unknownExpireAfter} takes. */
    static final Duration MAX_UNKNOWN_EXPIRE_AFTER = Duration.ofMinutes(1);

    private static final String NAME = "CachingUserLookup";

    private final UserLookup delegate;
    private final Duration expireAfter;
    private final Duration unknownExpireAfter;
    private final Cache<String, Optional<UserAccount>> users;
    /** Where {@link #invalidate} is published; {@code null} without a bus. */
    private final Invalidations peers;

    /** Shared by every load, exclusive for {@link #invalidateAll}, which cannot see an entry being loaded. */
    private final ReadWriteLock loading = new ReentrantReadWriteLock();

    private CachingUserLookup(Builder b) {
        this.delegate = b.delegate;
        this.expireAfter = b.expireAfter;
        this.unknownExpireAfter = b.unknownExpireAfter;
        this.peers = b.invalidations;
        long knownNanos = b.expireAfter.toNanos();
        long unknownNanos = Math.min(b.unknownExpireAfter.toNanos(), knownNanos);
        this.users = Caffeine.newBuilder()
                .maximumSize(b.maximumSize)
                .expireAfter(new Expiry<String, Optional<UserAccount>>() {
                    @Override
                    public long expireAfterCreate(String id, Optional<UserAccount> user, long currentTime) {
                        return user.isPresent() ? knownNanos : unknownNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String id, Optional<UserAccount> user, long currentTime, long currentDuration) {
                        return expireAfterCreate(id, user, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String id, Optional<UserAccount> user, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(Tickers.of(b.clock))
                .build();
    }

    /**
     * Returns a cache over {@code users} with the default bounds.
     *
     * @param users the lookup to cache
     * @return the caching lookup
     * @throws NullPointerException if {@code users} is {@code null}
     */
    public static CachingUserLookup of(UserLookup users) {
        return builder(users).build();
    }

    /**
     * Returns a builder for a cache over {@code users}.
     *
     * @param users the lookup to cache
     * @return a builder with the default bounds
     * @throws NullPointerException if {@code users} is {@code null}
     */
    public static Builder builder(UserLookup users) {
        return new Builder(users);
    }

    /**
     * Finds a user: from the cache if it holds the id, else from the cached lookup, remembering
     * the answer (a found user, or briefly an unknown one).
     *
     * @throws RuntimeException what the cached lookup throws; nothing is remembered then
     */
    @Override
    public Optional<UserAccount> findById(String id) {
        Optional<UserAccount> hit = users.getIfPresent(Objects.requireNonNull(id, "id"));
        if (hit != null) {
            return hit;
        }
        Lock shared = loading.readLock();
        shared.lock();
        try {
            return users.get(id, key -> Objects.requireNonNull(delegate.findById(key),
                    () -> delegate + " returned null rather than an Optional"));
        } finally {
            shared.unlock();
        }
    }

    /**
     * Forgets a user, e.g. right after deactivating or deleting them: their next request on this
     * instance asks the cached lookup again, and so does the next one on every other instance if
     * this cache is attached to {@link Invalidations}. Waits for a query in flight for them, so
     * that its answer cannot come back.
     *
     * @param userId the user's id
     */
    public void invalidate(String userId) {
        forget(Objects.requireNonNull(userId, "userId"));
        if (peers != null) {
            peers.userChanged(userId);
        }
    }

    /** Forgets a user here only: what another instance published. */
    void forget(String userId) {
        users.invalidate(userId);
    }

    /** Forgets every user, only here. Waits for queries in flight. */
    public void invalidateAll() {
        Lock exclusive = loading.writeLock();
        exclusive.lock();
        try {
            users.invalidateAll();
        } finally {
            exclusive.unlock();
        }
    }

    /** {@return the lookup this cache is in front of} */
    public UserLookup delegate() {
        return delegate;
    }

    /** {@return how long a user is remembered at most} */
    public Duration expireAfter() {
        return expireAfter;
    }

    /** For tests: the entries, by user id. */
    Map<String, Optional<UserAccount>> entries() {
        return users.asMap();
    }

    @Override
    public String toString() {
        return NAME + "[expireAfter=" + Bounds.text(expireAfter) + ", unknownExpireAfter=" + Bounds.text(unknownExpireAfter)
                + ", over " + delegate + "]";
    }

    /**
     * Configures a {@link CachingUserLookup}. Each setter checks its value at once, and throws an
     * {@link IllegalArgumentException} naming the setting when it is out of range.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final UserLookup delegate;
        private Duration expireAfter = DEFAULT_EXPIRE_AFTER;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration unknownExpireAfter = DEFAULT_UNKNOWN_EXPIRE_AFTER;
        private Clock clock = Clock.systemUTC();
        private Invalidations invalidations;

        private Builder(UserLookup delegate) {
            this.delegate = Objects.requireNonNull(delegate, "users");
        }

        /**
         * Sets how long a user is remembered: the longest a user deactivated elsewhere can go on
         * authenticating here. 5 s by default.
         *
         * @param expireAfter from 1 ms to 24 h
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder expireAfter(Duration expireAfter) {
            this.expireAfter = Bounds.duration(NAME, "expireAfter", expireAfter, MAX_EXPIRE_AFTER);
            return this;
        }

        /**
         * Sets how many users are remembered; the least recently used go first. 10,000 by default.
         *
         * @param maximumSize from 1 to 10,000,000
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder maximumSize(long maximumSize) {
            this.maximumSize = Bounds.size(NAME, "maximumSize", maximumSize);
            return this;
        }

        /**
         * Sets how long an unknown user id is remembered (never longer than
         * {@link #expireAfter}). 1 s by default.
         *
         * @param unknownExpireAfter from 1 ms to 1 min
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder unknownExpireAfter(Duration unknownExpireAfter) {
            this.unknownExpireAfter = Bounds.duration(NAME, "unknownExpireAfter", unknownExpireAfter, MAX_UNKNOWN_EXPIRE_AFTER);
            return this;
        }

        /**
         * Sets the clock entries expire by; the system clock by default. For tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Keeps this cache in step with the other instances' over a bus: {@link #invalidate} is
         * published, and what they publish is forgot here. None by default.
         *
         * @param invalidations the invalidations to attach to
         * @return this builder
         */
        public Builder invalidations(Invalidations invalidations) {
            this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
            return this;
        }

        /**
         * Builds the cache, attached to the {@link #invalidations} if set. The builder can be used
         * again afterwards.
         *
         * @return the caching lookup, empty
         */
        public CachingUserLookup build() {
            CachingUserLookup cache = new CachingUserLookup(this);
            if (invalidations != null) {
                invalidations.attach(cache);
            }
            return cache;
        }
    }
}
