package org.tokenauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The policy for issuing, checking and revoking tokens, over a {@link TokenStore}: which
 * {@linkplain KeyMode keys}, how many tokens a user may hold, when they expire.
 *
 * <pre>{@code
 * // Django REST Framework: 40-hex keys stored as they are, one token per user, no expiry
 * TokenService drf = new TokenService(store);
 *
 * // Keys hashed at rest, a token per login (at most 10 per user), 10 hours each
 * TokenService hashed = TokenService.builder(store)
 *         .keys(KeyMode.hashed(ServerSecret.decode("2026-11", secretText)))
 *         .timeToLive(Duration.ofHours(10))
 *         .build();
 * }</pre>
 *
 * <p>{@link #issueFor} is also the user-created hook: call it (or pass
 * {@code service::issueFor} as a {@code Consumer<String>}) when a user is created.
 *
 * <p>Immutable; thread-safe when its store is (every store must be).
 *
 * @since 0.1
 */
public final class TokenService {

    /** The default cap of tokens per user when each login gets a token of its own. */
    public static final int DEFAULT_MAX_TOKENS_PER_USER = 10;

    /** How often a policy retries a store step that lost a race (an expired token just replaced). */
    private static final int MAX_ATTEMPTS = 5;

    private final TokenStore store;
    private final KeyMode keys;
    private final Clock clock;
    /** One token per user (DRF): {@code maxPerUser} is 1, and in DRF mode a login gets the existing token. */
    private final boolean onePerUser;
    private final int maxPerUser;
    private final Duration timeToLive;
    private final Duration refreshInterval;
    /** Django REST Framework's table, whose keys move here on first use; {@code null} when not migrating. */
    private final TokenStore legacy;
    /** Guarded: what a listener throws never reaches the caller. */
    private final TokenEvents events;
    private final boolean authenticationEvents;
    /** Last uses written behind; {@code null} when not recorded. */
    private final LastUseRecorder lastUse;

    /** The name a token taken over from DRF's table gets. */
    public static final String MIGRATED_NAME = "migrated from authtoken_token";

    private static final java.util.regex.Pattern DRF_KEY = java.util.regex.Pattern.compile("[0-9a-f]{40}");

    /**
     * Django REST Framework's policy: {@linkplain KeyMode#drf DRF keys}, one token per user (the
     * same key on every login), no expiry, the system clock.
     *
     * @param store where tokens live
     */
    public TokenService(TokenStore store) {
        this(builder(store));
    }

    private TokenService(Builder b) {
        this.store = b.store;
        this.keys = b.keys;
        this.clock = b.clock;
        this.onePerUser = b.onePerUser != null ? b.onePerUser : keys.storesKeys();
        this.maxPerUser = onePerUser ? 1 : b.maxPerUser;
        this.timeToLive = b.timeToLive;
        this.refreshInterval = b.refreshInterval;
        this.legacy = b.legacy;
        this.events = GuardedEvents.of(b.events);
        this.authenticationEvents = b.authenticationEvents;
        this.lastUse = b.lastUse;
    }

    /**
     * Returns a builder for a policy other than DRF's.
     *
     * @param store where tokens live
     * @return a builder with DRF's policy
     * @throws NullPointerException if {@code store} is {@code null}
     */
    public static Builder builder(TokenStore store) {
        return new Builder(store);
    }

    /**
     * Issues a token to a user, as a login does. With one token per user in DRF mode, this is
     * DRF's get-or-create: the user's existing token if it is live, however many callers race
     * (the obtain-token endpoint, the user-created hook). Otherwise a new token, evicting the
     * user's least recently used ones beyond the cap.
     *
     * @param userId the user's id
     * @return the token and its plain key, for the client
     * @throws TokenStoreException if the store fails
     */
    public IssuedToken issueFor(String userId) {
        return issueFor(userId, "");
    }

    /**
     * Issues a named token (a device, an app, a script). The name is kept by stores that
     * {@linkplain TokenStore#keepsDetails() keep details}.
     *
     * @param userId the user's id
     * @param name   the token's name, or empty
     * @return the token and its plain key, for the client
     * @throws TokenStoreException if the store fails
     */
    public IssuedToken issueFor(String userId, String name) {
        return issueFor(userId, name, Set.of(), null);
    }

    /**
     * Issues a named token with scopes and, optionally, a lifetime of its own: a token created by
     * its owner for a device or a script. The name and scopes are kept by stores that
     * {@linkplain TokenStore#keepsDetails() keep details}. With one token per user in DRF mode this
     * is get-or-create, as {@link #issueFor(String)}: an existing token keeps its own scopes.
     *
     * @param userId     the user's id
     * @param name       the token's name, or empty
     * @param scopes     the token's scopes, each one word without whitespace; empty for none
     * @param timeToLive how long the token works, or {@code null} for this service's
     *                   {@linkplain Builder#timeToLive time to live} (none: it never expires)
     * @return the token and its plain key, for the client
     * @throws IllegalArgumentException if a scope is blank or holds whitespace, or {@code timeToLive}
     *                                  is not positive
     * @throws IllegalStateException    if the store keeps no details (DRF's table) and scopes or a
     *                                  lifetime were given
     * @throws TokenStoreException      if the store fails
     */
    public IssuedToken issueFor(String userId, String name, Set<String> scopes, Duration timeToLive) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scopes, "scopes");
        if (timeToLive != null && (timeToLive.isNegative() || timeToLive.isZero())) {
            throw new IllegalArgumentException("timeToLive must be positive, but was " + timeToLive);
        }
        if (!store.keepsDetails() && (!scopes.isEmpty() || timeToLive != null)) {
            throw new IllegalStateException(store + " keeps no scopes or expiry: issue a token with neither");
        }
        return issue(userId, name, scopes, timeToLive != null ? timeToLive : this.timeToLive);
    }

    private IssuedToken issue(String userId, String name, Set<String> scopes, Duration lifetime) {
        if (onePerUser && keys.storesKeys()) {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Token candidate = newToken(userId, name, scopes, lifetime).token();
                Token token = store.getOrInsert(candidate);
                if (!isExpired(token, clock.instant())) {
                    if (token.lookup().equals(candidate.lookup())) {
                        events.issued(token);
                    }
                    return new IssuedToken(token.lookup(), token); // DRF mode: the lookup value is the key
                }
                if (store.delete(token.lookup())) {
                    events.revoked(token, TokenEvents.Revocation.EXPIRED);
                }
            }
            throw new TokenStoreException("could not issue a token to user " + userId + ": its expired token kept coming back");
        }
        IssuedToken issued = newToken(userId, name, scopes, lifetime);
        List<Token> evicted = store.insert(issued.token(), maxPerUser);
        events.issued(issued.token());
        for (Token old : evicted) {
            events.revoked(old, onePerUser ? TokenEvents.Revocation.REPLACED : TokenEvents.Revocation.EVICTED);
        }
        return issued;
    }

    /**
     * Gives the user one fresh token in place of all they had, so every old key stops working at
     * once (Django's {@code drf_create_token -r}).
     *
     * @param userId the user's id
     * @return the new token and its plain key
     * @throws TokenStoreException if the store fails
     */
    public IssuedToken reissueFor(String userId) {
        IssuedToken issued = newToken(Objects.requireNonNull(userId, "userId"), "", Set.of(), timeToLive);
        List<Token> replaced = store.insert(issued.token(), 1);
        events.issued(issued.token());
        for (Token old : replaced) {
            events.revoked(old, TokenEvents.Revocation.REPLACED);
        }
        return issued;
    }

    /**
     * Checks a presented key: finds its token, in one store query at most (none for a key that
     * cannot be one of this mode's), compares lookup values in constant time, refuses an expired
     * token, and moves a sliding expiry on when it is due. With a {@linkplain Builder#recordLastUse
     * last-use recorder}, notes the use (written behind) when no refresh wrote it.
     *
     * @param presentedKey the key as the client sent it
     * @return {@link TokenCheck.Valid}, {@link TokenCheck.Expired} or {@link TokenCheck#INVALID}
     * @throws TokenStoreException if the store fails
     */
    public TokenCheck check(String presentedKey) {
        Optional<Token> found = find(presentedKey);
        if (found.isEmpty()) {
            return TokenCheck.INVALID;
        }
        Token token = found.get();
        Instant now = clock.instant();
        if (isExpired(token, now)) {
            events.expired(token);
            return new TokenCheck.Expired(token);
        }
        if (refreshInterval != null && isRefreshDue(token, now)) {
            Instant expires = now.plus(timeToLive);
            if (store.touch(token.lookup(), now, expires)) {
                token = token.toBuilder().lastUsed(now).expires(expires).build();
                events.refreshed(token, expires);
            }
        } else if (lastUse != null && lastUse.isDue(token, now)) {
            lastUse.record(store, token.lookup(), now); // the refresh above writes the last use with the expiry
        }
        return new TokenCheck.Valid(token);
    }

    /**
     * Revokes the token with this key (a logout that kills every copy of the key). An unknown key
     * is not an error.
     *
     * @param presentedKey the key to revoke
     * @return whether a token was deleted
     * @throws TokenStoreException if the store fails
     */
    public boolean revoke(String presentedKey) {
        Optional<Token> token = find(presentedKey);
        return token.isPresent() && delete(token.get(), TokenEvents.Revocation.LOGOUT);
    }

    /**
     * Revokes a token found before, e.g. the one that authenticated the request being served (a
     * logout).
     *
     * @param token the token
     * @return whether it was deleted (not if it was revoked meanwhile)
     * @throws TokenStoreException if the store fails
     */
    public boolean revoke(Token token) {
        return delete(Objects.requireNonNull(token, "token"), TokenEvents.Revocation.LOGOUT);
    }

    private boolean delete(Token token, TokenEvents.Revocation why) {
        boolean deleted = store.delete(token.lookup());
        if (deleted) {
            events.revoked(token, why);
        }
        return deleted;
    }

    /**
     * Revokes a token of this user by its public {@linkplain Token#id() id}. Another user's token
     * is never touched.
     *
     * @param userId  the owner
     * @param tokenId the token's public id
     * @return whether a token was deleted
     * @throws TokenStoreException if the store fails
     */
    public boolean revokeById(String userId, String tokenId) {
        Objects.requireNonNull(tokenId, "tokenId");
        for (Token token : store.findAllOf(Objects.requireNonNull(userId, "userId"))) {
            if (token.id().equals(tokenId)) {
                return delete(token, TokenEvents.Revocation.BY_ID);
            }
        }
        return false;
    }

    /**
     * Revokes every token of a user ("log out everywhere").
     *
     * @param userId the user's id
     * @return how many tokens were deleted
     * @throws TokenStoreException if the store fails
     */
    public int revokeAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        // Listed first only for a listener: the store deletes them all in one step.
        List<Token> listed = events == TokenEvents.NONE ? List.of() : store.findAllOf(userId);
        int deleted = store.deleteAllOf(userId);
        if (deleted > 0) {
            for (Token token : listed) {
                events.revoked(token, TokenEvents.Revocation.ALL_OF_USER);
            }
        }
        return deleted;
    }

    /**
     * Deletes a user's expired tokens (by their stored expiry, or else the
     * {@linkplain Builder#timeToLive time to live}), each reported
     * {@linkplain TokenEvents#revoked revoked} as {@link TokenEvents.Revocation#EXPIRED}. An
     * expired token is refused anyway; this only frees its row. For a prune of every user, an
     * application walks its users (it knows them; a store need not).
     *
     * @param userId the user's id
     * @return how many tokens were deleted
     * @throws TokenStoreException if the store fails
     */
    public int pruneExpired(String userId) {
        Instant now = clock.instant();
        int deleted = 0;
        for (Token token : store.findAllOf(Objects.requireNonNull(userId, "userId"))) {
            if (isExpired(token, now) && delete(token, TokenEvents.Revocation.EXPIRED)) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Lists a user's tokens, expired ones included.
     *
     * @param userId the user's id
     * @return the tokens, most recently used first
     * @throws TokenStoreException if the store fails
     */
    public List<Token> tokensOf(String userId) {
        return store.findAllOf(Objects.requireNonNull(userId, "userId"));
    }

    /**
     * Tells when a token stops working: its stored expiry, or else, with a
     * {@linkplain Builder#timeToLive time to live}, that long after it was created (a store that
     * keeps no expiry, like DRF's table).
     *
     * @param token a token
     * @return its expiry, or empty if it never expires
     */
    public Optional<Instant> expiryOf(Token token) {
        return token.expires().or(() -> Optional.ofNullable(timeToLive).map(token.created()::plus));
    }

    /**
     * Returns this policy (key mode, tokens per user, expiry, refresh, migration, clock) over
     * another store: typically a cache in front of this service's own store, e.g.
     * {@code tokens.withStore(CachingTokenStore.of(tokens.store()))}.
     *
     * @param store the store for the new service
     * @return a service like this one over {@code store}
     * @throws NullPointerException  if {@code store} is {@code null}
     * @throws IllegalStateException if {@code store} cannot keep this policy (see {@link Builder#build()})
     */
    public TokenService withStore(TokenStore store) {
        Builder b = builder(store).keys(keys).clock(clock);
        b.onePerUser = onePerUser;
        b.maxPerUser = maxPerUser;
        b.timeToLive = timeToLive;
        b.refreshInterval = refreshInterval;
        b.legacy = legacy;
        b.events = events;
        b.authenticationEvents = authenticationEvents;
        b.lastUse = lastUse;
        return b.build();
    }

    /**
     * {@return how many tokens a user may hold at once: 1 in Django REST Framework's policy (a
     * login gets the user's one token), the cap of a token per login otherwise}
     */
    public int maxTokensPerUser() {
        return maxPerUser;
    }

    /** {@return this service's time to live for new tokens, if tokens expire} */
    public Optional<Duration> timeToLive() {
        return Optional.ofNullable(timeToLive);
    }

    /** {@return the store this service reads and writes} */
    public TokenStore store() {
        return store;
    }

    /** {@return the key mode} */
    public KeyMode keys() {
        return keys;
    }

    /**
     * Returns the listener events go to, guarded: what it throws is logged, never thrown. For
     * adapters that fire an event themselves, e.g. a failed login with its source address.
     *
     * @return the listener; {@link TokenEvents#NONE} unless one was {@linkplain Builder#events set}
     */
    public TokenEvents events() {
        return events;
    }

    /** Whether {@link TokenAuthenticator} fires {@link TokenEvents#authenticated} on every request. */
    boolean authenticationEvents() {
        return authenticationEvents;
    }

    private Optional<Token> find(String presentedKey) {
        List<String> lookups = keys.lookupsOf(Objects.requireNonNull(presentedKey, "presentedKey"));
        boolean legacyKey = false;
        if (lookups.isEmpty() && isLegacyKey(presentedKey)) {
            lookups = ((HashedKeys) keys).digestsOf(presentedKey);
            legacyKey = true;
        }
        if (lookups.isEmpty()) {
            return Optional.empty(); // not one of this mode's keys: no store access
        }
        List<String> candidates = lookups;
        Optional<Token> found = (lookups.size() == 1 ? store.findByLookup(lookups.get(0)) : store.findByAnyLookup(lookups))
                .filter(token -> matchesAny(token.lookup(), candidates));
        return found.isEmpty() && legacyKey ? moveFromLegacy(presentedKey, candidates) : found;
    }

    private boolean isLegacyKey(String key) {
        return legacy != null && DRF_KEY.matcher(key).matches();
    }

    /**
     * Takes over a key of Django REST Framework's table, if it is one: a token under its digest
     * (same user, same creation time, so clients notice nothing) goes into this service's store,
     * then the plain row is deleted. Safe to race: the second of two concurrent moves of one key
     * finds the first one's token.
     *
     * @param legacyKey a key as stored in DRF's table
     * @return whether the key is now in this service's store (false: unknown, or not a DRF key)
     * @throws IllegalStateException if this service does not {@linkplain Builder#migrateFrom migrate}
     * @throws TokenStoreException   if either store fails
     */
    public boolean migrate(String legacyKey) {
        if (legacy == null) {
            throw new IllegalStateException("this TokenService has no legacy store: configure migrateFrom(...)");
        }
        if (!isLegacyKey(Objects.requireNonNull(legacyKey, "legacyKey"))) {
            return false;
        }
        return moveFromLegacy(legacyKey, ((HashedKeys) keys).digestsOf(legacyKey)).isPresent();
    }

    private Optional<Token> moveFromLegacy(String key, List<String> digests) {
        Optional<Token> old = legacy.findByLookup(key);
        if (old.isEmpty()) {
            // Moved meanwhile (a concurrent request, the bulk run): the mover inserts before it
            // deletes, so the token is in this store now, or the key is unknown.
            return store.findByAnyLookup(digests).filter(token -> matchesAny(token.lookup(), digests));
        }
        Token moved = Token.builder(keys.lookupOf(key), old.get().userId(), old.get().created())
                .name(MIGRATED_NAME)
                .expires(expiryOf(old.get()).orElse(null))
                .build();
        try {
            store.insert(moved, maxPerUser).forEach(evicted -> events.revoked(evicted, TokenEvents.Revocation.EVICTED));
            events.migrated(moved);
        } catch (TokenStoreException taken) {
            // A concurrent move of the same key got there first: take its token.
            Optional<Token> winner = store.findByAnyLookup(digests).filter(token -> matchesAny(token.lookup(), digests));
            if (winner.isEmpty()) {
                throw taken;
            }
            moved = winner.get();
        }
        legacy.delete(key);
        return Optional.of(moved);
    }

    /** Whether the stored lookup value is one of ours, compared in constant time (and exactly, whatever the collation). */
    private static boolean matchesAny(String stored, List<String> lookups) {
        byte[] storedBytes = stored.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String lookup : lookups) {
            match |= MessageDigest.isEqual(storedBytes, lookup.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    private boolean isExpired(Token token, Instant now) {
        Optional<Instant> expiry = expiryOf(token);
        return expiry.isPresent() && !now.isBefore(expiry.get());
    }

    /**
     * Due on a token's first use, then when its last refresh (its expiry less the time to live)
     * is an interval ago. Not by its last use alone: a {@linkplain Builder#recordLastUse recorder}
     * moves that on without moving the expiry.
     */
    private boolean isRefreshDue(Token token, Instant now) {
        if (token.lastUsed().isEmpty()) {
            return true;
        }
        Instant lastRefresh = token.expires().map(expires -> expires.minus(timeToLive)).orElse(token.lastUsed().get());
        return !now.isBefore(lastRefresh.plus(refreshInterval));
    }

    private IssuedToken newToken(String userId, String name, Set<String> scopes, Duration lifetime) {
        String key = keys.newKey();
        Instant now = clock.instant();
        Token token = Token.builder(keys.lookupOf(key), userId, now)
                .name(name)
                .expires(lifetime == null ? null : now.plus(lifetime))
                .scopes(scopes)
                .build();
        return new IssuedToken(key, token);
    }

    @Override
    public String toString() {
        return "TokenService[keys=" + keys + ", policy=" + (onePerUser ? "one per user" : "at most " + maxPerUser + " per user")
                + (timeToLive == null ? "" : ", timeToLive=" + timeToLive)
                + (refreshInterval == null ? "" : ", slidingRefresh=" + refreshInterval)
                + (lastUse == null ? "" : ", lastUse=" + lastUse.interval())
                + ", store=" + store + "]";
    }

    /**
     * Configures a {@link TokenService}. The builder can be used again after {@link #build()}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final TokenStore store;
        private KeyMode keys = KeyMode.drf();
        private Clock clock = Clock.systemUTC();
        private Boolean onePerUser;
        private int maxPerUser = DEFAULT_MAX_TOKENS_PER_USER;
        private Duration timeToLive;
        private Duration refreshInterval;
        private TokenStore legacy;
        private TokenEvents events = TokenEvents.NONE;
        private boolean authenticationEvents;
        private LastUseRecorder lastUse;

        private Builder(TokenStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Sets the key mode; {@link KeyMode#drf()} by default.
         *
         * @param keys the mode
         * @return this builder
         */
        public Builder keys(KeyMode keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * One token per user, Django REST Framework's policy (the default in DRF mode): in DRF mode
         * every login gets the user's existing token; in hashed mode, where an existing key
         * cannot be shown again, each login replaces the user's token.
         *
         * @return this builder
         */
        public Builder oneTokenPerUser() {
            this.onePerUser = true;
            return this;
        }

        /**
         * A token per login or device (the default in hashed mode), so each can be revoked alone:
         * a user keeps at most {@code maxPerUser}, and a new one evicts the least recently used.
         *
         * @param maxPerUser the cap per user; {@value #DEFAULT_MAX_TOKENS_PER_USER} by default
         * @return this builder
         * @throws IllegalArgumentException if {@code maxPerUser} is under 1
         */
        public Builder tokenPerLogin(int maxPerUser) {
            if (maxPerUser < 1) {
                throw new IllegalArgumentException("maxPerUser must be at least 1, but was " + maxPerUser);
            }
            this.onePerUser = false;
            this.maxPerUser = maxPerUser;
            return this;
        }

        /**
         * Sets an absolute expiry: a token stops working this long after it was issued (or, with
         * a {@linkplain #slidingRefresh sliding refresh}, after it was last refreshed). None by
         * default.
         *
         * @param timeToLive how long a token lives
         * @return this builder
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder timeToLive(Duration timeToLive) {
            if (Objects.requireNonNull(timeToLive, "timeToLive").isNegative() || timeToLive.isZero()) {
                throw new IllegalArgumentException("timeToLive must be positive, but was " + timeToLive);
            }
            this.timeToLive = timeToLive;
            return this;
        }

        /**
         * Moves a token's expiry to a full {@linkplain #timeToLive time to live} from now when it
         * is used, writing to the store at most once per token per {@code minInterval}. Off by
         * default; needs a time to live and a store that {@linkplain TokenStore#keepsDetails keeps
         * details}.
         *
         * @param minInterval the least time between two writes for one token
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder slidingRefresh(Duration minInterval) {
            if (Objects.requireNonNull(minInterval, "minInterval").isNegative()) {
                throw new IllegalArgumentException("the sliding refresh interval must not be negative, but was " + minInterval);
            }
            this.refreshInterval = minInterval;
            return this;
        }

        /**
         * Takes keys over from Django REST Framework's table without downtime (hashed mode only):
         * DRF's 40-hex keys are accepted besides this mode's own. A DRF key is looked up under its
         * digest in this service's store first, then in {@code legacy}; found there, it moves:
         * its digest goes into this store under the <em>same</em> key (clients notice nothing),
         * and the plain row is deleted. {@link #migrate} moves one key, for a bulk migration
         * (e.g. {@code org.tokenauth.core.jdbc.DrfTokenMigration}). Keep this configured while
         * clients hold DRF keys: without it, a DRF-format key is refused before any store access.
         *
         * @param legacy a store on DRF's {@code authtoken_token}
         * @return this builder
         */
        public Builder migrateFrom(TokenStore legacy) {
            this.legacy = Objects.requireNonNull(legacy, "legacy");
            return this;
        }

        /**
         * Sends what happens to tokens to a listener: issued, rejected, revoked, expired,
         * refreshed, migrated, login failed. Not {@link TokenEvents#authenticated}, which would
         * fire on every request: see {@link #events(TokenEvents, boolean)}. None by default.
         *
         * @param events the listener; what it throws is logged and goes no further
         * @return this builder
         */
        public Builder events(TokenEvents events) {
            return events(events, false);
        }

        /**
         * Sends what happens to tokens to a listener, and says whether every successful
         * authentication is reported too.
         *
         * @param events          the listener; what it throws is logged and goes no further
         * @param authentications whether {@link TokenEvents#authenticated} fires (on every request)
         * @return this builder
         */
        public Builder events(TokenEvents events, boolean authentications) {
            this.events = Objects.requireNonNull(events, "events");
            this.authenticationEvents = authentications;
            return this;
        }

        /**
         * Records each token's last use, written behind by {@code recorder} (at most one write per
         * token per its interval, never on the request's time). Off by default; needs a store that
         * {@linkplain TokenStore#keepsDetails keeps details}. The application closes the recorder
         * when it stops.
         *
         * @param recorder the recorder
         * @return this builder
         */
        public Builder recordLastUse(LastUseRecorder recorder) {
            this.lastUse = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /**
         * Sets the clock for creation, expiry and refresh times; the system clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         * @throws IllegalStateException if the store cannot keep the policy: more tokens per user
         *                               than it holds, or a sliding refresh on a store without
         *                               details or without a time to live, or a last-use
         *                               recorder on a store without details
         */
        public TokenService build() {
            boolean one = onePerUser != null ? onePerUser : keys.storesKeys();
            if (!one && maxPerUser > store.maxTokensPerUser()) {
                throw new IllegalStateException(store + " holds " + store.maxTokensPerUser() + " token(s) per user, so it "
                        + "cannot keep a token per login (at most " + maxPerUser + "): use oneTokenPerUser(), or a store "
                        + "on the tokenauth_token table");
            }
            if (refreshInterval != null && timeToLive == null) {
                throw new IllegalStateException("a sliding refresh needs a timeToLive");
            }
            if (legacy != null && keys.storesKeys()) {
                throw new IllegalStateException("migrateFrom(...) moves DRF's plain keys into hashed mode: set keys(KeyMode.hashed(...))");
            }
            if (refreshInterval != null && !store.keepsDetails()) {
                throw new IllegalStateException(store + " keeps no expiry, so it cannot have a sliding refresh");
            }
            if (lastUse != null && !store.keepsDetails()) {
                throw new IllegalStateException(store + " keeps no last use, so it cannot record it: leave recordLastUse(...) out");
            }
            return new TokenService(this);
        }
    }
}
