package org.tokenauth.core.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis that tests may use: {@code TOKENAUTH_TEST_REDIS_URL} (or the system property
 * {@code tokenauth.test.redis.url} of the test JVM, which the build does not set), else
 * {@code redis://127.0.0.1:6379} if one answers there.
 * Without one, the calling tests are skipped, visibly, unless {@code TOKENAUTH_TEST_REDIS_REQUIRED}
 * is {@code true} (as on CI): then they fail. A URL that is set but unreachable always fails. Each
 * test works under a key prefix of its own and deletes its keys afterwards.
 */
final class RedisTestServer {

    private static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private RedisTestServer() {
    }

    /**
     * Returns a client of the test Redis, after checking that it answers; aborts or fails the
     * calling test when there is none (see above).
     *
     * @return a client; shut it down
     */
    static RedisClient client() {
        String configured = setting("tokenauth.test.redis.url", "TOKENAUTH_TEST_REDIS_URL");
        RedisURI uri = RedisURI.create(url());
        uri.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
            return client;
        } catch (RedisException e) {
            client.shutdown();
            String message = "no Redis for tests at " + uri + " (" + e.getMessage() + ")";
            if (configured != null) {
                throw new AssertionError(message + ", the one TOKENAUTH_TEST_REDIS_URL names", e);
            }
            if (required()) {
                throw new AssertionError(message + "; TOKENAUTH_TEST_REDIS_REQUIRED=true forbids skipping", e);
            }
            Assumptions.abort(message + ": set TOKENAUTH_TEST_REDIS_URL, e.g. " + DEFAULT_URL);
            throw new AssertionError("not reached");
        }
    }

    /** {@return the test Redis's URL: {@code TOKENAUTH_TEST_REDIS_URL}, else {@value #DEFAULT_URL}} */
    static String url() {
        String configured = setting("tokenauth.test.redis.url", "TOKENAUTH_TEST_REDIS_URL");
        return configured == null ? DEFAULT_URL : configured;
    }

    /** {@return whether the Redis tests must run rather than be skipped: {@code TOKENAUTH_TEST_REDIS_REQUIRED=true}} */
    static boolean required() {
        return "true".equalsIgnoreCase(setting("tokenauth.test.redis.required", "TOKENAUTH_TEST_REDIS_REQUIRED"));
    }

    /** {@return a key prefix no other test uses, e.g. {@code tokenauth-test:3f9a…:}} */
    static String newPrefix() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "tokenauth-test:" + HexFormat.of().formatHex(bytes) + ":";
    }

    /** {@return the names of every key that starts with {@code prefix} (a prefix of {@link #newPrefix()}'s kind)} */
    static List<String> keys(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(keys::add);
        return keys;
    }

    /** Deletes every key that starts with {@code prefix}. */
    static void deleteKeys(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = keys(redis, prefix);
        if (!keys.isEmpty()) {
            redis.unlink(keys.toArray(String[]::new));
        }
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
