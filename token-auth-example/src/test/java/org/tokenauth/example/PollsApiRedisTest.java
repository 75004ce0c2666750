package org.tokenauth.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.tokenauth.core.redis.RedisProcess;

/**
 * The contract again with the caches on Redis's invalidation bus ({@code --invalidation redis}),
 * on a {@code redis-server} of its own; skipped without one unless
 * {@code TOKENAUTH_TEST_REDIS_REQUIRED=true}.
 */
@DisplayName("polls API on H2, its caches on Redis's invalidation bus")
class PollsApiRedisTest extends PollsApiH2Test {

    private final String channel = "polls-api:" + UUID.randomUUID();
    private RedisProcess redis;

    /** Starts the Redis at the first call, before the server (the contract asks for it then). */
    @Override
    ExampleSettings.Invalidation invalidation() {
        if (redis == null) {
            try {
                Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "redis-");
                redis = RedisProcess.start(dir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new ExampleSettings.Invalidation(ExampleSettings.Bus.REDIS, Optional.of(channel), redis.url());
    }

    @Override
    void dropDatabase() {
        if (redis != null) {
            redis.close();
        }
    }
}
