package org.tokenauth.servlet;

import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.UserLookup;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.CachingUserLookup;
import org.tokenauth.core.cache.InvalidationBus;
import org.tokenauth.core.cache.Invalidations;
import org.tokenauth.core.postgres.PostgresInvalidationBus;
import org.tokenauth.core.redis.RedisInvalidationBus;

/**
 * The caches that a {@link TokenAuthenticationFilter} declared in {@code web.xml} puts in front of
 * its token store and user lookup when its init-params ask for them; off unless asked. Loaded only
 * then, so an application without Caffeine on its class path never needs it.
 *
 * <p>With {@code invalidation-bus} (or an {@link Invalidations} in the
 * {@link TokenAuthContext#INVALIDATIONS} attribute), the caches are kept in step with the other
 * instances' over that bus.
 *
 * <p>So that every login, revocation and deactivation on this instance goes through the same
 * cache, the filter publishes them in the {@link TokenAuthContext} attributes it took its
 * collaborators from: the obtain-token servlet (initialized after filters) and the application's
 * own code find the caching ones there.
 */
final class FilterCaches {

    static final String TOKEN_CACHE_TTL = "token-cache-ttl";
    static final String TOKEN_CACHE_SIZE = "token-cache-size";
    static final String TOKEN_CACHE_UNKNOWN_TTL = "token-cache-unknown-ttl";
    static final String USER_CACHE_TTL = "user-cache-ttl";
    static final String USER_CACHE_SIZE = "user-cache-size";
    static final Set<String> TOKEN_PARAMS = Set.of(TOKEN_CACHE_TTL, TOKEN_CACHE_SIZE, TOKEN_CACHE_UNKNOWN_TTL);
    static final Set<String> USER_PARAMS = Set.of(USER_CACHE_TTL, USER_CACHE_SIZE);
    static final String INVALIDATION_BUS = "invalidation-bus";
    static final String INVALIDATION_CHANNEL = "invalidation-channel";
    static final Set<String> BUS_PARAMS = Set.of(INVALIDATION_BUS, INVALIDATION_CHANNEL);

    private final CachingTokenStore tokens;
    private final CachingUserLookup users;
    /** The invalidations this filter started from its init-params, to close with it; else {@code null}. */
    private final Invalidations owned;

    private FilterCaches(CachingTokenStore tokens, CachingUserLookup users, Invalidations owned) {
        this.tokens = tokens;
        this.users = users;
        this.owned = owned;
    }

    /** Whether any cache init-param is set: only then is this class loaded. */
    static boolean asked(InitParams params) {
        return anySet(params, TOKEN_PARAMS) || anySet(params, USER_PARAMS) || anySet(params, BUS_PARAMS);
    }

    private static boolean anySet(InitParams params, Set<String> names) {
        return names.stream().anyMatch(name -> params.get(name) != null);
    }

    /**
     * Reads the cache init-params and builds the caches asked for, recording every problem.
     *
     * @param store the filter's store, or {@code null} if it could not be found (a problem already)
     * @param users the filter's user lookup, or {@code null} likewise
     */
    static FilterCaches configure(InitParams params, TokenStore store, UserLookup users, ServletContext ctx) {
        Invalidations shared = ctx.getAttribute(TokenAuthContext.INVALIDATIONS) instanceof Invalidations given ? given : null;
        InvalidationBus bus = bus(params, shared != null);
        Invalidations owned = null;
        try {
            owned = bus != null ? Invalidations.over(bus) : null;
            Invalidations invalidations = owned != null ? owned : shared;
            FilterCaches caches = new FilterCaches(tokenCache(params, store, invalidations),
                    userCache(params, users, invalidations), owned);
            if (bus != null && caches.tokens == null && caches.users == null) {
                params.problem(INVALIDATION_BUS, "keeps caches in step, but no cache is asked for: set token-cache-ttl "
                        + "(and user-cache-ttl)");
            }
            return caches;
        } catch (LinkageError e) {
            params.problem(anySet(params, TOKEN_PARAMS) ? TOKEN_CACHE_TTL : USER_CACHE_TTL,
                    "asks for a cache, which needs Caffeine (com.github.ben-manes.caffeine:caffeine) on the class path: " + e);
            return new FilterCaches(null, null, owned);
        }
    }

    /**
     * The bus named by {@code invalidation-bus}: a {@code jdbc:postgresql:} URL for
     * {@code LISTEN}/{@code NOTIFY} on connections of its own, or a {@code redis://} (or
     * {@code rediss://}) URL for pub/sub; {@code null} if none (or a problem).
     */
    private static InvalidationBus bus(InitParams params, boolean sharedInContext) {
        String url = params.get(INVALIDATION_BUS);
        String channel = params.get(INVALIDATION_CHANNEL);
        if (url == null) {
            if (channel != null) {
                params.problem(INVALIDATION_CHANNEL, "names a channel, but there is no invalidation-bus");
            }
            return null;
        }
        if (sharedInContext) {
            params.problem(INVALIDATION_BUS, "names a bus, but the application put Invalidations in the "
                    + TokenAuthContext.INVALIDATIONS + " attribute already: configure it in one place");
            return null;
        }
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (postgres || url.startsWith("redis://") || url.startsWith("rediss://")) {
            try {
                return postgres ? postgresBus(url, channel) : redisBus(url, channel);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                params.problem(message.contains("channel") ? INVALIDATION_CHANNEL : INVALIDATION_BUS,
                        message.replaceFirst("^(Postgres|Redis)InvalidationBus:? ?(channel )?", ""));
            } catch (LinkageError e) {
                params.problem(INVALIDATION_BUS, "names a " + (postgres
                        ? "PostgreSQL bus, which needs the PostgreSQL JDBC driver (org.postgresql:postgresql)"
                        : "Redis bus, which needs Lettuce (io.lettuce:lettuce-core)") + " on the class path: " + e);
            }
            return null;
        }
        int colon = url.indexOf(':');
        params.problem(INVALIDATION_BUS, "must be a jdbc:postgresql: or redis:// URL, but was a URL of scheme '"
                + (colon > 0 && colon < 20 ? url.substring(0, colon) : "?") + "'"); // not the URL: it may hold a password
        return null;
    }

    private static InvalidationBus postgresBus(String url, String channel) {
        PostgresInvalidationBus.Builder b = PostgresInvalidationBus.builder(url);
        return (channel != null ? b.channel(channel) : b).build();
    }

    private static InvalidationBus redisBus(String url, String channel) {
        RedisInvalidationBus.Builder b = RedisInvalidationBus.builder(url);
        return (channel != null ? b.channel(channel) : b).build();
    }

    /** Stops the invalidations this filter started, if any. */
    void close() {
        if (owned != null) {
            owned.close();
        }
    }

    private static CachingTokenStore tokenCache(InitParams params, TokenStore store, Invalidations invalidations) {
        Duration ttl = params.duration(TOKEN_CACHE_TTL);
        Long size = params.count(TOKEN_CACHE_SIZE);
        Duration unknownTtl = params.duration(TOKEN_CACHE_UNKNOWN_TTL);
        if (!anySet(params, TOKEN_PARAMS)) {
            return null;
        }
        if (store instanceof CachingTokenStore) {
            params.problem(firstSet(params, TOKEN_PARAMS),
                    "asks for a token cache, but the TokenStore is a CachingTokenStore already: configure it in one place");
            return null;
        }
        CachingTokenStore.Builder b = CachingTokenStore.builder(store != null ? store : new InMemoryTokenStore());
        set(params, TOKEN_CACHE_TTL, ttl, b::expireAfter);
        set(params, TOKEN_CACHE_SIZE, size, b::maximumSize);
        set(params, TOKEN_CACHE_UNKNOWN_TTL, unknownTtl, b::unknownExpireAfter);
        if (invalidations != null) {
            b.invalidations(invalidations);
        }
        return b.build();
    }

    private static CachingUserLookup userCache(InitParams params, UserLookup users, Invalidations invalidations) {
        Duration ttl = params.duration(USER_CACHE_TTL);
        Long size = params.count(USER_CACHE_SIZE);
        if (!anySet(params, USER_PARAMS)) {
            return null;
        }
        if (users instanceof CachingUserLookup) {
            params.problem(firstSet(params, USER_PARAMS),
                    "asks for a user cache, but the UserLookup is a CachingUserLookup already: configure it in one place");
            return null;
        }
        CachingUserLookup.Builder b = CachingUserLookup.builder(users != null ? users : id -> java.util.Optional.empty());
        set(params, USER_CACHE_TTL, ttl, b::expireAfter);
        set(params, USER_CACHE_SIZE, size, b::maximumSize);
        if (invalidations != null) {
            b.invalidations(invalidations);
        }
        return b.build();
    }

    private static String firstSet(InitParams params, Set<String> names) {
        return names.stream().filter(n -> params.get(n) != null).sorted().findFirst().orElseThrow();
    }

    /** Applies a value to a builder setter; a value out of range becomes a problem naming the init-param. */
    private static <T> void set(InitParams params, String name, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            // "CachingTokenStore expireAfter must be from 1 ms to 24 h, but was 0 s" → "must be from 1 ms to 24 h"
            String message = e.getMessage();
            int must = message.indexOf("must be ");
            int but = message.lastIndexOf(", but was");
            String range = must >= 0 && but > must ? message.substring(must, but) : message;
            params.problem(name, range + ", but was '" + params.get(name) + "'");
        }
    }

    /**
     * Puts the caches in front of the filter's collaborators, and publishes them in the context
     * unless the collaborator was named by class (then it is the filter's own).
     *
     * @return the token service over the token cache, if any
     */
    TokenService tokens(TokenService tokens, ServletContext ctx, boolean storeNamedByClass) {
        if (this.tokens == null) {
            return tokens;
        }
        TokenService cached = tokens.withStore(this.tokens);
        if (!storeNamedByClass) {
            ctx.setAttribute(TokenAuthContext.TOKEN_STORE, this.tokens);
            ctx.setAttribute(TokenAuthContext.TOKEN_SERVICE, cached);
        }
        return cached;
    }

    /** @return the user lookup behind the user cache, if any (published likewise) */
    UserLookup users(UserLookup users, ServletContext ctx, boolean lookupNamedByClass) {
        if (this.users == null) {
            return users;
        }
        if (!lookupNamedByClass) {
            ctx.setAttribute(TokenAuthContext.USER_LOOKUP, this.users);
        }
        return this.users;
    }
}
