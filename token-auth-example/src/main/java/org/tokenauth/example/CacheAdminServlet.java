package org.tokenauth.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.Invalidations;
import org.tokenauth.core.postgres.PostgresInvalidationBus;
import org.tokenauth.core.redis.RedisInvalidationBus;
import org.tokenauth.example.accounts.StaffOnly;
import org.tokenauth.example.web.ApiError;
import org.tokenauth.example.web.Json;

/**
 * {@code GET /admin/cache/}, for staff only: this instance's token cache and invalidation bus in
 * figures, so that an operator (or a test) running several instances can read each one's hit
 * ratio and see that revocations travel:
 *
 * <pre>
 * {"token_cache": {"expire_after_seconds": 30, "hits": 9812, "misses": 41, "hit_ratio": 0.99584},
 *  "invalidation": {"bus": "postgres", "channel": "tokenauth_invalidation", "listening": true,
 *                   "published": 12, "failed_attempts": 0, "dropped": 0, "received": 36,
 *                   "applied": 24, "ignored": 0, "gaps": 1}}
 * </pre>
 *
 * {@code token_cache} is {@code null} with {@code --no-cache}, {@code invalidation} without a bus.
 * The counts run from this instance's start; see {@link CachingTokenStore.Stats} and
 * {@link Invalidations.Stats} for what each one counts.
 */
final class CacheAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Predicate<String> isActiveStaff;
    private final transient Optional<CachingTokenStore> tokenCache;
    private final transient Optional<Invalidations> invalidations;

    /**
     * @param isActiveStaff whether the user of this id is active staff
     * @param tokenCache    the token cache, if the caches are on
     * @param invalidations the invalidations, if there is a bus
     */
    CacheAdminServlet(Predicate<String> isActiveStaff, Optional<CachingTokenStore> tokenCache,
            Optional<Invalidations> invalidations) {
        this.isActiveStaff = Objects.requireNonNull(isActiveStaff, "isActiveStaff");
        this.tokenCache = Objects.requireNonNull(tokenCache, "tokenCache");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            StaffOnly.caller(request, response, isActiveStaff);
            String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
            if (!path.equals("/")) {
                throw ApiError.notFound();
            }
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                Json.methodNotAllowed(request, response, method, "GET, HEAD");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_cache", tokenCache.map(CacheAdminServlet::json).orElse(null));
            body.put("invalidation", invalidations.map(CacheAdminServlet::json).orElse(null));
            Json.write(request, response, HttpServletResponse.SC_OK, body);
        } catch (ApiError e) {
            e.send(request, response);
        }
    }

    private static Map<String, Object> json(CachingTokenStore cache) {
        CachingTokenStore.Stats stats = cache.stats();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("expire_after_seconds", seconds(cache.expireAfter()));
        json.put("hits", stats.hits());
        json.put("misses", stats.misses());
        json.put("hit_ratio", stats.hitRatio());
        return json;
    }

    private static Map<String, Object> json(Invalidations invalidations) {
        Invalidations.Stats stats = invalidations.stats();
        Map<String, Object> json = new LinkedHashMap<>();
        if (invalidations.bus() instanceof PostgresInvalidationBus postgres) {
            json.put("bus", ExampleSettings.Bus.POSTGRES.optionValue());
            json.put("channel", postgres.channel());
            json.put("listening", postgres.listening());
        } else if (invalidations.bus() instanceof RedisInvalidationBus redis) {
            json.put("bus", ExampleSettings.Bus.REDIS.optionValue());
            json.put("channel", redis.channel());
            json.put("listening", redis.subscribed());
        }
        json.put("published", stats.published());
        json.put("failed_attempts", stats.failedAttempts());
        json.put("dropped", stats.dropped());
        json.put("received", stats.received());
        json.put("applied", stats.applied());
        json.put("ignored", stats.ignored());
        json.put("gaps", stats.gaps());
        return json;
    }

    /** Whole seconds as a whole number ({@code 30}), anything finer as a decimal ({@code 0.5}). */
    private static Number seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
    }
}
