package org.tokenauth.core.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tokenauth.core.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.Token;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.InvalidationBus;
import org.tokenauth.core.cache.RecordingListener;
import org.tokenauth.core.cache.Invalidations;

/**
 * The bus on a real Redis: messages between two instances' buses on the test Redis (a channel per
 * test), and a Redis of the test's own that it stops and starts again, while the caches follow.
 */
class RedisInvalidationBusTest {

    private final String channel = RedisTestServer.newPrefix() + "invalidation";
    private final List<AutoCloseable> opened = new ArrayList<>();
    private String url;

    @TempDir
    Path dir;

    @BeforeEach
    void redis() {
        RedisTestServer.client().shutdown(); // skips, or fails when required, without a Redis
        url = RedisTestServer.url();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private RedisInvalidationBus bus(String redisUrl) {
        RedisInvalidationBus bus = RedisInvalidationBus.builder(redisUrl).channel(channel).build();
        opened.add(bus);
        return bus;
    }

    private Invalidations invalidations(RedisInvalidationBus bus) {
        Invalidations invalidations = Invalidations.over(bus);
        opened.add(invalidations);
        return invalidations;
    }



    @Test
    @DisplayName("what one instance publishes, the other receives whole, multi-byte and at the size limit included")
    void publishes() throws InterruptedException {
        RedisInvalidationBus a = bus(url);
        RedisInvalidationBus b = bus(url);
        RecordingListener received = new RecordingListener();
        b.subscribe(received);
        eventually("B subscribed", () -> received.gaps.get() == 1 && b.subscribed());

        String big = "é".repeat(InvalidationBus.MAX_MESSAGE_BYTES / 2);
        a.publish("first");
        a.publish(big);

        assertEquals("first", received.messages.poll(10, TimeUnit.SECONDS));
        assertEquals(big, received.messages.poll(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("a token revoked through one instance stops being served from the other's cache; a foreign message is ignored")
    void cachesInStep() throws InterruptedException {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        Invalidations a = invalidations(bus(url));
        Invalidations b = invalidations(bus(url));
        CachingTokenStore cacheA = CachingTokenStore.builder(shared).invalidations(a).build();
        CachingTokenStore cacheB = CachingTokenStore.builder(shared).invalidations(b).build();
        eventually("both subscribed", () -> a.stats().gaps() == 1 && b.stats().gaps() == 1);
        Token token = Token.of("d".repeat(40), "7", Instant.now());
        shared.insert(token, 10);
        assertTrue(cacheB.findByLookup(token.lookup()).isPresent());

        assertTrue(cacheA.delete(token.lookup()));
        shared.insert(token, 10); // back behind A's back: only B's cache still knowing it would serve it... from the store

        eventually("B applied it", () -> b.stats().applied() == 1);
        shared.delete(token.lookup());
        assertEquals(Optional.empty(), cacheB.findByLookup(token.lookup()));

        RedisClient client = RedisTestServer.client();
        try (StatefulRedisConnection<String, String> other = client.connect()) {
            other.sync().publish(channel, "not one of ours");
        } finally {
            client.shutdown();
        }
        eventually("ignored", () -> b.stats().ignored() == 1);
    }

    @Test
    @DisplayName("Redis stopped: publishing fails at once and is retried, nothing else fails; started again: resubscribed, caches cleared, messages flow")
    void outage() throws Exception {
        try (RedisProcess server = RedisProcess.start(dir)) {
            InMemoryTokenStore shared = new InMemoryTokenStore();
            RedisInvalidationBus busB = bus(server.url());
            Invalidations a = invalidations(bus(server.url()));
            Invalidations b = invalidations(busB);
            CachingTokenStore cacheA = CachingTokenStore.builder(shared).invalidations(a).build();
            CachingTokenStore cacheB = CachingTokenStore.builder(shared).invalidations(b).build();
            eventually("both subscribed", () -> a.stats().gaps() == 1 && b.stats().gaps() == 1);
            Token missed = Token.of("e".repeat(40), "7", Instant.now());
            shared.insert(missed, 10);
            assertTrue(cacheB.findByLookup(missed.lookup()).isPresent());

            server.stop();
            eventually("B knows it is down", () -> !busB.subscribed());
            assertTrue(cacheA.delete(missed.lookup()), "a revocation while the bus is down succeeds");
            eventually("A's publish failed and is retried", () -> a.stats().failedAttempts() >= 1);
            assertTrue(cacheB.findByLookup(missed.lookup()).isPresent(), "B serves it from its cache meanwhile: the cache bound holds");

            server.start();

            eventually("B resubscribed and cleared its cache", () -> b.stats().gaps() == 2 && busB.subscribed());
            assertEquals(Optional.empty(), cacheB.findByLookup(missed.lookup()));
            Token later = Token.of("f".repeat(40), "8", Instant.now());
            shared.insert(later, 10);
            cacheB.findByLookup(later.lookup());
            cacheA.delete(later.lookup());
            eventually("B applied a message sent after the restart", () -> b.stats().applied() >= 1
                    && cacheB.findByLookup(later.lookup()).isEmpty());
        }
    }

    @Test
    @DisplayName("a bus subscribed while Redis is away keeps trying, and subscribes once it is there")
    void subscribesLater() throws Exception {
        try (RedisProcess server = RedisProcess.start(dir)) {
            server.stop();
            RedisInvalidationBus bus = bus(server.url());
            RecordingListener received = new RecordingListener();
            bus.subscribe(received);
            Thread.sleep(300);
            assertFalse(bus.subscribed());
            assertThrows(IllegalStateException.class, () -> bus.publish("x"));

            server.start();

            eventually("subscribed", () -> received.gaps.get() == 1 && bus.subscribed());
            bus.publish("hello");
            assertEquals("hello", received.messages.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @DisplayName("a URL that is not Redis's is refused without quoting it; a channel must be printable ASCII; toString hides the password")
    void checked() {
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> RedisInvalidationBus.builder("http://user:secret-pw@host"));
        assertFalse(http.getMessage().contains("secret-pw"), http.getMessage());
        for (String bad : new String[] {"", "with space", "tab\there", "é", "x".repeat(201)}) {
            assertThrows(IllegalArgumentException.class, () -> RedisInvalidationBus.builder(url).channel(bad));
        }
        RedisInvalidationBus bus = bus("redis://:secret-pw@127.0.0.1:6399");
        assertFalse(bus.toString().contains("secret-pw"), bus.toString());
    }
}
