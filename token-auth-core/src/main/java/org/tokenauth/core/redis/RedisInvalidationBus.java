package org.tokenauth.core.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.tokenauth.core.cache.InvalidationBus;
import org.tokenauth.core.cache.Invalidations;

/**
 * An {@link InvalidationBus} over Redis pub/sub ({@code PUBLISH} and {@code SUBSCRIBE}), with
 * Lettuce ({@code io.lettuce:lettuce-core}, an optional dependency of {@code token-auth-core}).
 *
 * <pre>{@code
 * Invalidations invalidations = Invalidations.over(RedisInvalidationBus.of("redis://cache:6379"));
 * }</pre>
 *
 * <p><b>Connections.</b> One subscribed connection and one for publishing, of a client of the
 * bus's own. A pub/sub channel is server-wide, unlike a Redis database: give each application
 * sharing a Redis its own {@linkplain Builder#channel channel}.
 *
 * <p><b>Reconnecting.</b> When Redis goes away, Lettuce reconnects (backing off up to a second)
 * and subscribes again; publishing fails at once meanwhile, and {@link Invalidations} retries.
 * Messages published meanwhile are lost to this instance, so every subscription, the first one and
 * each one after a reconnect, is reported as a {@linkplain InvalidationBus.Listener#gap() gap} and
 * the caches are cleared. If Redis cannot be reached when the bus is subscribed, it keeps trying
 * in the background.
 *
 * @since 0.1
 */
public final class RedisInvalidationBus implements InvalidationBus {

    /** The channel by default. */
    public static final String DEFAULT_CHANNEL = "tokenauth:invalidation";

    private static final System.Logger LOG = System.getLogger(RedisInvalidationBus.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final OwnClient own;
    private final String channel;
    private final String display;
    /** Where the listener is called: never on Lettuce's event loop, which publishing shares. */
    private final ExecutorService delivery;
    private volatile StatefulRedisPubSubConnection<String, String> subscribed;
    private volatile StatefulRedisConnection<String, String> publishing;
    private volatile Thread connecting;
    private volatile boolean closed;
    private volatile boolean down;

    private RedisInvalidationBus(Builder b) {
        this.own = OwnClient.of(b.uri, TIMEOUT);
        this.channel = b.channel;
        this.display = "RedisInvalidationBus[" + b.uri.getHost() + ":" + b.uri.getPort() + ", channel=" + channel + "]";
        this.delivery = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "tokenauth-invalidations-" + channel);
            thread.setDaemon(true);
            return thread;
        });
        own.client().addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!closed && connection == subscribed && !down) {
                    down = true;
                    LOG.log(Level.WARNING, display + " lost its subscription; reconnecting. Until then, changes on "
                            + "other instances are seen here within the cache bound.");
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                // the resubscription that follows reports the gap
            }
        });
    }

    /**
     * Returns a bus on the default channel ({@value #DEFAULT_CHANNEL}).
     *
     * @param redisUri such as {@code redis://127.0.0.1:6379} or {@code rediss://:password@host:6380/0}
     * @return the bus, not yet subscribed (its {@link Invalidations} subscribes)
     * @throws IllegalArgumentException if the URI is not a Redis URI
     */
    public static RedisInvalidationBus of(String redisUri) {
        return builder(redisUri).build();
    }

    /**
     * Returns a builder for a bus on the Redis at {@code redisUri}.
     *
     * @param redisUri such as {@code redis://127.0.0.1:6379}
     * @return a builder with the default channel
     * @throws IllegalArgumentException if the URI is not a Redis URI
     */
    public static Builder builder(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("RedisInvalidationBus needs a redis:// or rediss:// URI"); // not the URI: it may hold a password
        }
        return new Builder(uri);
    }

    /**
     * Publishes on the channel, over the publishing connection (made at the first call).
     *
     * @throws IllegalStateException if Redis could not be reached or did not answer in time
     */
    @Override
    public void publish(String message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        try {
            StatefulRedisConnection<String, String> connection = publishing;
            if (connection == null) {
                connection = connectForPublishing();
            }
            connection.sync().publish(channel, message);
        } catch (RedisException e) {
            throw new IllegalStateException("could not publish on Redis channel " + channel + ": " + e.getMessage(), e);
        }
    }

    private synchronized StatefulRedisConnection<String, String> connectForPublishing() {
        if (publishing == null) {
            publishing = own.client().connect(StringCodec.UTF8);
        }
        return publishing;
    }

    /**
     * Subscribes, on a thread of the bus's own until the first connection is made (Lettuce then
     * keeps it and resubscribes after every reconnect).
     */
    @Override
    public synchronized void subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (connecting != null) {
            throw new IllegalStateException(this + " has a listener already");
        }
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        connecting = new Thread(() -> connect(listener), "tokenauth-invalidations-connect-" + channel);
        connecting.setDaemon(true);
        connecting.start();
    }

    private void connect(Listener listener) {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean logged = false;
        while (!closed) {
            try {
                StatefulRedisPubSubConnection<String, String> connection = own.client().connectPubSub(StringCodec.UTF8);
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, String message) {
                        if (channel.equals(from)) {
                            delivery.execute(() -> listener.message(message));
                        }
                    }

                    @Override
                    public void subscribed(String to, long count) {
                        if (channel.equals(to)) {
                            if (down) {
                                down = false;
                                LOG.log(Level.INFO, display + " is subscribed again; caches cleared");
                            }
                            delivery.execute(listener::gap);
                        }
                    }
                });
                subscribed = connection;
                connection.sync().subscribe(channel);
                if (closed) {
                    connection.close();
                }
                return;
            } catch (RedisException e) {
                if (!logged) {
                    LOG.log(Level.WARNING, display + " cannot subscribe yet (" + e.getMessage() + "); retrying");
                    logged = true;
                }
                StatefulRedisPubSubConnection<String, String> failed = subscribed;
                subscribed = null;
                if (failed != null) {
                    failed.closeAsync();
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return; // closed
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** {@return the channel published and subscribed to} */
    public String channel() {
        return channel;
    }

    /** {@return whether the bus is subscribed right now: false while Redis is away} */
    public boolean subscribed() {
        StatefulRedisPubSubConnection<String, String> connection = subscribed;
        return connection != null && connection.isOpen() && !down;
    }

    /** Unsubscribes, closes both connections and shuts the client down. */
    @Override
    public void close() {
        closed = true;
        Thread thread = connecting;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delivery.shutdown();
        own.shutdown(); // closes the connections it made
        try {
            delivery.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shows the host, port and channel: never a password. */
    @Override
    public String toString() {
        return display;
    }

    /**
     * Configures a {@link RedisInvalidationBus}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final RedisURI uri;
        private String channel = DEFAULT_CHANNEL;

        private Builder(RedisURI uri) {
            this.uri = uri;
        }

        /**
         * Sets the channel; every instance of one application must use the same, and different
         * applications on one Redis different ones (pub/sub ignores the database number).
         * {@value #DEFAULT_CHANNEL} by default.
         *
         * @param channel 1 to 200 printable ASCII characters, no spaces
         * @return this builder
         * @throws IllegalArgumentException if it is not such a name
         */
        public Builder channel(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.isEmpty() || channel.length() > 200 || !channel.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("RedisInvalidationBus channel must be 1 to 200 printable ASCII characters "
                        + "without spaces, but was '" + channel + "'");
            }
            this.channel = channel;
            return this;
        }

        /**
         * Builds the bus and its client; it connects when subscribed (or at the first publish).
         *
         * @return the bus; close it
         */
        public RedisInvalidationBus build() {
            return new RedisInvalidationBus(this);
        }
    }
}
