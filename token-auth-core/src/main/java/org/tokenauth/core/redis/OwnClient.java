package org.tokenauth.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client made for one of this package's classes from a URI, set up as they need it, and
 * shut down with it.
 */
record OwnClient(RedisClient client, ClientResources resources) {

    /**
     * A client that reconnects within a second of Redis coming back (Lettuce's default backs off to
     * 30 s), and that fails a call at once while disconnected instead of queueing it until its
     * timeout.
     */
    static OwnClient of(RedisURI uri, Duration timeout) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ZERO, Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.builder(uri).withTimeout(timeout).build());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        return new OwnClient(client, resources);
    }

    void shutdown() {
        client.shutdown();
        resources.shutdown();
    }
}
