package org.tokenauth.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.internal.StripedPool;

/**
 * A {@link TokenStore} that remembers what another store found, so that a known key costs no
 * query: a decorator over any store (JDBC, JPA, in-memory, your own), for
 * {@link TokenService} to use in its place.
 *
 * <pre>{@code
 * CachingTokenStore cached = CachingTokenStore.builder(new JdbcTokenStore(dataSource))
 *         .expireAfter(Duration.ofSeconds(30))   // the default
 *         .build();
 * TokenService tokens = new TokenService(cached);   // every revoke and login goes through it
 * }</pre>
 *
 * <p><b>Staleness.</b> Every change made through this store (a revocation, a logout everywhere, a
 * replaced or evicted token, a refreshed expiry) is seen at once: the entries it touches are
 * dropped before the call returns. A change made elsewhere (another instance, Django, SQL by hand)
 * is seen when the entry expires: {@linkplain Builder#expireAfter expireAfter} (30 s by default)
 * is the longest a token revoked elsewhere can go on authenticating here. An entry never outlives
 * its token's own {@linkplain Token#expires() expiry}. Unknown lookup values are remembered too,
 * for a shorter time ({@linkplain Builder#unknownExpireAfter unknownExpireAfter}, 2 s by default):
 * a key repeated after a miss costs the database nothing, and a token inserted elsewhere under a
 * lookup value just asked for here is found at most that much later (in practice only a key
 * {@linkplain TokenService.Builder#migrateFrom migrated} by another instance in the same instant).
 * Both are bounded in count, the unknown apart from the known, so a flood of made-up keys cannot
 * push the known ones out.
 *
 * <p><b>Failures are never remembered.</b> When the store fails, the call fails with it (the
 * filter answers 503) and the next call asks the store again. Meanwhile tokens already cached
 * still authenticate until their entries expire.
 *
 * <p><b>What it holds.</b> No plain key lives in it. A lookup value of hashed mode's shape
 * ({@code <secret id>$<64 hex>}, an HMAC digest) is its own cache key and its token is cached as
 * it is. Anything else, a DRF-mode key above all (there the lookup value is the key), is cached
 * under its SHA-256, and its token without the lookup value, which each hit puts back from the
 * caller's argument.
 *
 * <p><b>Concurrency.</b> Concurrent misses for one lookup value make one store query; a hit takes
 * no lock. {@link #findByAnyLookup} stays one query on a miss. {@link #invalidateUser} and
 * {@link #invalidateAll} wait for queries in flight, so that none of them can put back what was
 * just dropped.
 *
 * <p><b>Several instances.</b> Attached to {@link Invalidations} ({@link Builder#invalidations}),
 * the cache publishes every change it makes through its store on an {@link InvalidationBus}, and
 * forgets what the other instances publish: a token revoked anywhere stops authenticating
 * everywhere within moments, not {@code expireAfter}. Without a bus,
 * {@link #invalidateLookup}, {@link #invalidateUser} and {@link #invalidateAll} drop entries on
 * demand.
 *
 * @since 0.1
 */
public final class CachingTokenStore implements TokenStore {

    /** How long a found token is remembered by default: 30 s. */
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofSeconds(30);

    /** How many found tokens are remembered by default: 10,000. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    /** How long an unknown lookup value is remembered by default: 2 s. */
    public static final Duration DEFAULT_UNKNOWN_EXPIRE_AFTER = Duration.ofSeconds(2);

    /** How many unknown lookup values are remembered by default: 10,000. */
    public static final long DEFAULT_UNKNOWN_MAXIMUM_SIZE = 10_000;

    /** The most {@link Builder#expireAfter} takes. */
    static final Duration MAX_EXPIRE_AFTER = Duration.ofHours(24);

    /** The most {@link Builder#unknownExpireAfter} takes: unknown keys are remembered briefly. */
    static final Duration MAX_UNKNOWN_EXPIRE_AFTER = Duration.ofMinutes(1);

    /** What a cached DRF-mode token carries instead of its key; replaced by the caller's lookup value on a hit. */
    static final String NO_LOOKUP = "-";

    private static final String NAME = "CachingTokenStore";
    private static final String SHA256_PREFIX = "sha256:";

    private final TokenStore delegate;
    private final Duration expireAfter;
    private final Duration unknownExpireAfter;
    private final Clock clock;
    private final Ticker ticker;
    /** Where changes made through this store are published; {@code null} without a bus. */
    private final Invalidations peers;

    /** Found tokens, by {@link #keyOf cache key}: under a digest the token, under a hashed key the token without lookup. */
    private final Cache<Object, Known> known;
    /** Lookup values the store did not know, by cache key, with when it was asked. */
    private final Cache<Object, Long> unknown;
    /** The {@link #findByAnyLookup} queries in flight, by their values' cache keys, so that concurrent misses share one. */
    private final Cache<List<Object>, AnyAnswer> pendingAny;

    /**
     * Held (shared) by every store query that may fill the caches, and exclusively by
     * {@link #invalidateUser} and {@link #invalidateAll}, which cannot see an entry being loaded.
     */
    private final ReadWriteLock loading = new ReentrantReadWriteLock();

    /**
     * Counts invalidations. A store query whose answer is put in by hand rather than by
     * {@link Cache#get} (the other lookup values of {@link #findByAnyLookup}) is put in only if no
     * invalidation happened since the query began.
     */
    private final AtomicLong invalidations = new AtomicLong();
    /** Finds answered from the cache (a found token or a remembered unknown), and finds that asked the store. */
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    /** Hashes DRF-mode keys into cache keys. */
    private final StripedPool<Hasher> hashers = new StripedPool<>(32, Hasher::new);

    private CachingTokenStore(Builder b) {
        this.delegate = b.delegate;
        this.expireAfter = b.expireAfter;
        this.unknownExpireAfter = b.unknownExpireAfter;
        this.clock = b.clock;
        this.ticker = Tickers.of(b.clock);
        this.peers = b.invalidations;
        this.known = Caffeine.newBuilder()
                .maximumSize(b.maximumSize)
                .expireAfter(new KnownExpiry(b.expireAfter.toNanos(), clock))
                .ticker(ticker)
                .build();
        this.unknown = Caffeine.newBuilder()
                .maximumSize(b.unknownMaximumSize)
                .expireAfter(new UnknownExpiry(b.unknownExpireAfter.toNanos()))
                .ticker(ticker)
                .build();
        this.pendingAny = Caffeine.newBuilder()
                .maximumSize(b.unknownMaximumSize)
                .expireAfterWrite(b.unknownExpireAfter)
                .ticker(ticker)
                .build();
    }

    /**
     * Returns a cache over {@code store} with the default bounds.
     *
     * @param store the store to cache
     * @return the caching store
     * @throws NullPointerException if {@code store} is {@code null}
     */
    public static CachingTokenStore of(TokenStore store) {
        return builder(store).build();
    }

    /**
     * Returns a builder for a cache over {@code store}.
     *
     * @param store the store to cache
     * @return a builder with the default bounds
     * @throws NullPointerException if {@code store} is {@code null}
     */
    public static Builder builder(TokenStore store) {
        return new Builder(store);
    }

    /**
     * Finds a token: from the cache if it holds the lookup value (found or unknown), else from the
     * store, remembering the answer. Concurrent misses for one lookup value make one store query.
     *
     * @throws TokenStoreException if the store fails; nothing is remembered then
     */
    @Override
    public Optional<Token> findByLookup(String lookup) {
        Object key = keyOf(Objects.requireNonNull(lookup, "lookup"));
        Known hit = known.getIfPresent(key);
        if (hit != null) {
            hits.increment();
            return attach(hit.token, key, lookup);
        }
        if (unknown.getIfPresent(key) != null) {
            hits.increment();
            return Optional.empty();
        }
        misses.increment();
        return load(key, lookup);
    }

    /**
     * Finds the token stored under any of these lookup values: from the cache when it knows the
     * answer, else in one store query (the store's {@code findByAnyLookup}), remembering the answer.
     * A key has one token at most, under whichever secret's digest, so a cached token of any of the
     * values is the answer.
     *
     * @throws TokenStoreException if the store fails; nothing is remembered then
     */
    @Override
    public Optional<Token> findByAnyLookup(List<String> lookups) {
        int n = Objects.requireNonNull(lookups, "lookups").size();
        if (n == 1) {
            return findByLookup(lookups.get(0));
        }
        if (n == 0) {
            return Optional.empty();
        }
        Object[] keys = new Object[n];
        boolean allUnknown = true;
        for (int i = 0; i < n; i++) {
            keys[i] = keyOf(Objects.requireNonNull(lookups.get(i), "lookup"));
            Known hit = known.getIfPresent(keys[i]);
            if (hit != null) {
                hits.increment();
                return attach(hit.token, keys[i], lookups.get(i));
            }
            allUnknown &= unknown.getIfPresent(keys[i]) != null;
        }
        if (allUnknown) {
            hits.increment();
            return Optional.empty();
        }
        misses.increment();
        return loadAny(keys, lookups);
    }

    /** Not cached: a listing is for the owner's token page, not for authentication. */
    @Override
    public List<Token> findAllOf(String userId) {
        return delegate.findAllOf(userId);
    }

    /** Stores through, then forgets the candidate's lookup value (it may have been remembered as unknown). */
    @Override
    public Token getOrInsert(Token candidate) {
        Objects.requireNonNull(candidate, "candidate");
        try {
            return delegate.getOrInsert(candidate);
        } finally {
            forget(keyOf(candidate.lookup())); // a new token: nothing for other instances to forget
        }
    }

    /**
     * Stores through, then forgets the new token's lookup value and every evicted token at once. If
     * the store fails, forgets every token of the user, since which were evicted is unknown.
     */
    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        Objects.requireNonNull(token, "token");
        List<Token> evicted;
        try {
            evicted = delegate.insert(token, maxPerUser);
        } catch (RuntimeException e) {
            invalidateUser(token.userId());
            forget(keyOf(token.lookup()));
            throw e;
        }
        forget(keyOf(token.lookup()));
        for (Token gone : evicted) {
            changed(gone.lookup());
        }
        return evicted;
    }

    /**
     * Deletes through, then forgets the lookup value (also when the store fails) and, if the store
     * succeeded, tells the other instances.
     */
    @Override
    public boolean delete(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        boolean deleted;
        try {
            deleted = delegate.delete(lookup);
        } catch (RuntimeException e) {
            forget(keyOf(lookup));
            throw e;
        }
        changed(lookup);
        return deleted;
    }

    /**
     * Deletes through, then forgets every cached token of the user (also when the store fails)
     * and, if the store succeeded, tells the other instances.
     */
    @Override
    public int deleteAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        int deleted;
        try {
            deleted = delegate.deleteAllOf(userId);
        } catch (RuntimeException e) {
            invalidateUser(userId);
            throw e;
        }
        changedUser(userId);
        return deleted;
    }

    /**
     * Writes through, then forgets the token, so the next find reads its new expiry and last use.
     * Not published: another instance's entry ends by the token's old expiry at the latest, and
     * then reads the new one.
     */
    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lookup, "lookup");
        try {
            return delegate.touch(lookup, lastUsed, expires);
        } finally {
            forget(keyOf(lookup));
        }
    }

    /** {@return the cached store's} */
    @Override
    public int maxTokensPerUser() {
        return delegate.maxTokensPerUser();
    }

    /** {@return the cached store's} */
    @Override
    public boolean keepsDetails() {
        return delegate.keepsDetails();
    }

    /**
     * Forgets what is cached for a lookup value, found or unknown, e.g. when told that another
     * instance revoked its token. Only here: nothing is published. Waits for a store query in flight for it, so that its answer
     * cannot come back.
     *
     * @param lookupValue the lookup value: the key in DRF mode, the digest in hashed mode
     */
    public void invalidateLookup(String lookupValue) {
        forget(keyOf(Objects.requireNonNull(lookupValue, "lookupValue")));
    }

    /**
     * Forgets every cached token of a user, e.g. when told that another instance logged them out
     * everywhere. Only here: nothing is published. Waits for store queries in flight.
     *
     * @param userId the user's id
     */
    public void invalidateUser(String userId) {
        Objects.requireNonNull(userId, "userId");
        Lock exclusive = loading.writeLock();
        exclusive.lock();
        try {
            invalidations.incrementAndGet();
            known.asMap().values().removeIf(cached -> cached.token.get().userId().equals(userId));
        } finally {
            exclusive.unlock();
        }
    }

    /** Forgets everything cached, found and unknown, only here. Waits for store queries in flight. */
    public void invalidateAll() {
        Lock exclusive = loading.writeLock();
        exclusive.lock();
        try {
            invalidations.incrementAndGet();
            known.invalidateAll();
            unknown.invalidateAll();
            pendingAny.invalidateAll();
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * How the finds went since start: answered from the cache, or from the store.
     *
     * @param hits   finds answered from the cache: a found token, or a lookup value remembered
     *               as unknown
     * @param misses finds that asked the store (concurrent misses sharing one query count each)
     * @since 0.1
     */
    public record Stats(long hits, long misses) {

        /** {@return hits over all finds; 0 before the first} */
        public double hitRatio() {
            long all = hits + misses;
            return all == 0 ? 0 : (double) hits / all;
        }
    }

    /** {@return how the finds went since start} */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum());
    }

    /** {@return the store this cache is in front of} */
    public TokenStore delegate() {
        return delegate;
    }

    /** {@return how long a found token is remembered at most} */
    public Duration expireAfter() {
        return expireAfter;
    }

    @Override
    public String toString() {
        return NAME + "[expireAfter=" + Bounds.text(expireAfter) + ", unknownExpireAfter=" + Bounds.text(unknownExpireAfter)
                + ", over " + delegate + "]";
    }

    // ---- Changes the other instances are told of ------------------------------------------------

    /**
     * A token revoked, deleted or evicted through this store, after the store call returned: forgot
     * here, and published to the other instances if there is a bus.
     */
    private void changed(String lookup) {
        Object key = keyOf(lookup);
        forget(key);
        if (peers != null) {
            peers.tokenChanged(cacheKeyText(key));
        }
    }

    /** All of a user's tokens deleted through this store; see {@link #changed(String)}. */
    private void changedUser(String userId) {
        invalidateUser(userId);
        if (peers != null) {
            peers.tokensOfUserChanged(userId);
        }
    }

    /** A cache key as it travels: a digest as it is, any other as {@code sha256:} and 64 hex digits. */
    static String cacheKeyText(Object key) {
        return key instanceof LookupDigest digest ? SHA256_PREFIX + digest.hex() : (String) key;
    }

    /** The cache key a {@link #cacheKeyText} stands for; empty if the text is not one. */
    static Optional<Object> cacheKeyOf(String text) {
        if (text.startsWith(SHA256_PREFIX)) {
            return LookupDigest.ofHex(text.substring(SHA256_PREFIX.length())).map(Object.class::cast);
        }
        return isDigest(text) ? Optional.of(text) : Optional.empty();
    }

    // ---- Loading ---------------------------------------------------------------------------------

    /**
     * Drops one key, here only (also what another instance published about a token, by
     * {@link #cacheKeyOf}). {@link Cache#invalidate} waits for a {@link Cache#get} loading that key, so the
     * load's answer is dropped too; the known entry goes first because its load may remember the
     * key as unknown.
     */
    void forget(Object key) {
        invalidations.incrementAndGet();
        known.invalidate(key);
        unknown.invalidate(key);
    }

    private Optional<Token> load(Object key, String lookup) {
        Lock shared = loading.readLock();
        shared.lock();
        try {
            Token[] uncacheable = new Token[1];
            Known loaded = known.get(key, k -> {
                if (unknown.getIfPresent(k) != null) {
                    return null; // a load just before this one found it unknown
                }
                long askedAt = ticker.read();
                Optional<Token> found = delegate.findByLookup(lookup);
                if (found.isEmpty()) {
                    unknown.put(k, askedAt);
                    return null;
                }
                if (!sameLookup(found.get().lookup(), lookup)) {
                    uncacheable[0] = found.get(); // a store that matched loosely: let the caller judge, remember nothing
                    return null;
                }
                return new Known(Optional.of(detach(found.get(), k)), askedAt);
            });
            if (loaded != null) {
                return attach(loaded.token, key, lookup);
            }
            return Optional.ofNullable(uncacheable[0]);
        } finally {
            shared.unlock();
        }
    }

    /**
     * The miss of {@link #findByAnyLookup}: one store query for all the values, shared by the
     * callers that miss on the same values at once (through {@link #pendingAny}); its answers are
     * put in only if nothing was invalidated since it began, and a caller that finds something was
     * asks the store itself rather than trust it.
     */
    private Optional<Token> loadAny(Object[] keys, List<String> lookups) {
        Lock shared = loading.readLock();
        shared.lock();
        try {
            List<Object> pendingKey = List.of(keys);
            AnyAnswer answer = pendingAny.get(pendingKey, k -> {
                long since = invalidations.get();
                long askedAt = ticker.read();
                return new AnyAnswer(delegate.findByAnyLookup(lookups), since, askedAt);
            });
            if (invalidations.get() != answer.since) {
                return delegate.findByAnyLookup(lookups); // something changed meanwhile: no cached answer, no stale one
            }
            int at = -1;
            if (answer.found.isPresent()) {
                for (int i = 0; i < keys.length && at < 0; i++) {
                    if (sameLookup(answer.found.get().lookup(), lookups.get(i))) {
                        at = i;
                    }
                }
                if (at < 0) {
                    return answer.found; // a store that matched loosely: let the caller judge, remember nothing
                }
            }
            for (int i = 0; i < keys.length; i++) {
                if (i == at) {
                    Known value = new Known(Optional.of(detach(answer.found.get(), keys[i])), answer.askedAt);
                    known.asMap().compute(keys[i], (k, old) -> old == null && invalidations.get() == answer.since ? value : old);
                } else { // a key has one token at most
                    unknown.asMap().compute(keys[i], (k, old) -> old == null && invalidations.get() == answer.since
                            ? answer.askedAt : old);
                }
            }
            return answer.found;
        } finally {
            shared.unlock();
        }
    }

    /**
     * What one {@link #loadAny} query found, the count of invalidations when it began, and when it
     * began (by the cache's ticker): entries made from it expire as if made then.
     */
    private record AnyAnswer(Optional<Token> found, long since, long askedAt) {
    }

    /** A found token as cached, and when the store was asked for it (by the cache's ticker). */
    private static final class Known {

        final Optional<Token> token;
        final long askedAt;

        Known(Optional<Token> token, long askedAt) {
            this.token = token;
            this.askedAt = askedAt;
        }

        /** Shows nothing of the token but its fingerprint. */
        @Override
        public String toString() {
            return "Known[" + token.map(Token::fingerprint).orElse("") + "]";
        }
    }

    // ---- Keys and values -------------------------------------------------------------------------

    /**
     * The cache key of a lookup value: itself if it has hashed mode's shape (a digest, no secret),
     * else the SHA-256 of its UTF-8 bytes, so that no plain key is a cache key.
     */
    Object keyOf(String lookup) {
        return isDigest(lookup) ? lookup : hashers.apply(Hasher::digest, lookup);
    }

    /** Hashed mode's lookup shape: a secret id (1 to 32 of {@code [A-Za-z0-9_.-]}), {@code $}, 64 lower-case hex. */
    static boolean isDigest(String lookup) {
        int dollar = lookup.length() - 65;
        if (dollar < 1 || dollar > 32 || lookup.charAt(dollar) != '$') {
            return false;
        }
        for (int i = 0; i < dollar; i++) {
            char c = lookup.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        for (int i = dollar + 1; i < lookup.length(); i++) {
            char c = lookup.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The token as cached: as it is under a digest key, without its lookup value (the key) otherwise. */
    private static Token detach(Token token, Object key) {
        return key instanceof String ? token : token.withLookup(NO_LOOKUP);
    }

    /** The cached answer as the caller gets it: the caller's lookup value put back on a detached token. */
    private static Optional<Token> attach(Optional<Token> cached, Object key, String lookup) {
        return key instanceof String || cached.isEmpty() ? cached : Optional.of(cached.get().withLookup(lookup));
    }

    /** Exact and in constant time, as {@link TokenService} compares lookup values. */
    private static boolean sameLookup(String stored, String asked) {
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), asked.getBytes(StandardCharsets.UTF_8));
    }

    /** For tests: the found tokens as cached, by cache key. */
    Map<Object, Optional<Token>> knownEntries() {
        Map<Object, Optional<Token>> entries = new java.util.HashMap<>();
        known.asMap().forEach((key, value) -> entries.put(key, value.token));
        return entries;
    }

    /** For tests: the unknown entries' keys. */
    java.util.Set<Object> unknownEntries() {
        return java.util.Set.copyOf(unknown.asMap().keySet());
    }

    /**
     * A found token's entry lives {@code expireAfter} from when the store was asked, or until the
     * token expires if that is sooner; reading it does not extend it.
     */
    private static final class KnownExpiry implements Expiry<Object, Known> {

        private final long maxNanos;
        private final Clock clock;

        KnownExpiry(long maxNanos, Clock clock) {
            this.maxNanos = maxNanos;
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(Object key, Known value, long currentTime) {
            long left = maxNanos - (currentTime - value.askedAt);
            Optional<Instant> expires = value.token.get().expires();
            if (expires.isPresent()) {
                Duration tokenLeft = Duration.between(clock.instant(), expires.get());
                if (tokenLeft.compareTo(Duration.ofNanos(left)) < 0) {
                    left = tokenLeft.toNanos();
                }
            }
            return Math.max(0, left);
        }

        @Override
        public long expireAfterUpdate(Object key, Known value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(Object key, Known value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** An unknown entry lives {@code unknownExpireAfter} from when the store was asked. */
    private static final class UnknownExpiry implements Expiry<Object, Long> {

        private final long maxNanos;

        UnknownExpiry(long maxNanos) {
            this.maxNanos = maxNanos;
        }

        @Override
        public long expireAfterCreate(Object key, Long askedAt, long currentTime) {
            return Math.max(0, maxNanos - (currentTime - askedAt));
        }

        @Override
        public long expireAfterUpdate(Object key, Long askedAt, long currentTime, long currentDuration) {
            return expireAfterCreate(key, askedAt, currentTime);
        }

        @Override
        public long expireAfterRead(Object key, Long askedAt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /**
     * The SHA-256 of a lookup value that is not a digest (a DRF-mode key, or whatever a client
     * sent), as four longs: the cache key that stands for it.
     */
    static final class LookupDigest {

        private final long a;
        private final long b;
        private final long c;
        private final long d;

        private LookupDigest(byte[] h) {
            this(longAt(h, 0), longAt(h, 8), longAt(h, 16), longAt(h, 24));
        }

        private LookupDigest(long a, long b, long c, long d) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
        }

        /** {@return the digest as 64 lower-case hex digits} */
        String hex() {
            return String.format("%016x%016x%016x%016x", a, b, c, d);
        }

        /** The digest of 64 lower-case hex digits; empty for anything else. */
        static Optional<LookupDigest> ofHex(String hex) {
            if (hex.length() != 64 || !hex.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return Optional.empty();
            }
            long[] parts = new long[4];
            for (int i = 0; i < 4; i++) {
                parts[i] = Long.parseUnsignedLong(hex, i * 16, i * 16 + 16, 16);
            }
            return Optional.of(new LookupDigest(parts[0], parts[1], parts[2], parts[3]));
        }

        private static long longAt(byte[] h, int at) {
            long v = 0;
            for (int i = at; i < at + 8; i++) {
                v = v << 8 | (h[i] & 0xFF);
            }
            return v;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LookupDigest that && a == that.a && b == that.b && c == that.c && d == that.d;
        }

        @Override
        public int hashCode() {
            return (int) (a ^ (a >>> 32));
        }

        /** Shows nothing of the digest. */
        @Override
        public String toString() {
            return "LookupDigest";
        }
    }

    /**
     * One SHA-256 digest and its scratch buffers, used by one thread at a time: pooled, so that on
     * a hit the {@link LookupDigest} is all that hashing allocates.
     */
    private static final class Hasher {

        private final MessageDigest sha256;
        private final byte[] ascii = new byte[64];
        private final byte[] out = new byte[32];

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        LookupDigest digest(String lookup) {
            int n = lookup.length();
            boolean fits = n <= ascii.length;
            for (int i = 0; fits && i < n; i++) {
                char ch = lookup.charAt(i);
                fits = ch < 0x80;
                ascii[i] = (byte) ch;
            }
            if (fits) {
                sha256.update(ascii, 0, n);
            } else {
                sha256.update(lookup.getBytes(StandardCharsets.UTF_8));
            }
            try {
                sha256.digest(out, 0, out.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("SHA-256 output is 32 bytes", e);
            }
            java.util.Arrays.fill(ascii, 0, Math.min(n, ascii.length), (byte) 0); // no key bytes left behind
            return new LookupDigest(out);
        }
    }

    /**
     * Configures a {@link CachingTokenStore}. Each setter checks its value at once, and throws an
     * {@link IllegalArgumentException} naming the setting when it is out of range.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final TokenStore delegate;
        private Duration expireAfter = DEFAULT_EXPIRE_AFTER;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration unknownExpireAfter = DEFAULT_UNKNOWN_EXPIRE_AFTER;
        private long unknownMaximumSize = DEFAULT_UNKNOWN_MAXIMUM_SIZE;
        private Clock clock = Clock.systemUTC();
        private Invalidations invalidations;

        private Builder(TokenStore delegate) {
            this.delegate = Objects.requireNonNull(delegate, "store");
        }

        /**
         * Sets how long a found token is remembered: the longest a token revoked elsewhere (another
         * instance, Django) can go on authenticating here. 30 s by default.
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
         * Sets how many found tokens are remembered; the least recently used go first. 10,000 by
         * default.
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
         * Sets how long an unknown lookup value is remembered: the longest a token inserted
         * elsewhere under a value just asked for here goes unseen. 2 s by default.
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
         * Sets how many unknown lookup values are remembered, apart from the found ones. 10,000 by
         * default.
         *
         * @param unknownMaximumSize from 1 to 10,000,000
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder unknownMaximumSize(long unknownMaximumSize) {
            this.unknownMaximumSize = Bounds.size(NAME, "unknownMaximumSize", unknownMaximumSize);
            return this;
        }

        /**
         * Sets the clock entries expire by and tokens' expiries are compared with; the system clock
         * by default. For tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Keeps this cache in step with the other instances' over a bus: what it revokes is
         * published, what they publish is forgot here. None by default.
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
         * @return the caching store, empty
         */
        public CachingTokenStore build() {
            CachingTokenStore cache = new CachingTokenStore(this);
            if (invalidations != null) {
                invalidations.attach(cache);
            }
            return cache;
        }
    }
}
