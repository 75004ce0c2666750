package org.tokenauth.core.cache;

/**
 * Carries cache invalidations between the instances of an application that share one token
 * store: the SPI behind {@link Invalidations}. A bus moves short text messages and knows nothing of
 * tokens; {@link Invalidations} decides what the messages say (a digest or a user id, never a
 * key) and what is done with them.
 *
 * <p>Ready buses: {@code org.tokenauth.core.postgres.PostgresInvalidationBus} ({@code LISTEN} and
 * {@code NOTIFY}) and {@code org.tokenauth.core.redis.RedisInvalidationBus} (pub/sub). What an
 * implementation promises:
 *
 * <ul>
 *   <li>{@link #publish} hands a message to the transport for every instance subscribed to the
 *       same bus, this one included or not (a message coming back to its sender is ignored). It
 *       returns once the transport has taken the message, and throws if it could not: the caller
 *       retries. It is called from one thread at a time.</li>
 *   <li>Delivery is at most once. Whenever this instance may have missed messages (at the first
 *       subscription, after a dropped connection, a subscription re-established), the bus calls
 *       {@link Listener#gap()} as soon as it is subscribed again, and the caches are then cleared:
 *       that is what makes a lost message harmless.</li>
 *   <li>Messages of up to {@link #MAX_MESSAGE_BYTES} UTF-8 bytes get through whole.</li>
 *   <li>The listener is called from one thread at a time, never from inside {@link #publish}.</li>
 * </ul>
 *
 * @since 0.1
 */
public interface InvalidationBus extends AutoCloseable {

    /**
     * The longest message a bus must carry, in UTF-8 bytes: well inside PostgreSQL's 8,000-byte
     * {@code NOTIFY} payload. Longer changes (a user id of thousands of characters) are sent as
     * "clear everything" instead.
     */
    int MAX_MESSAGE_BYTES = 4000;

    /**
     * Sends a message to the instances subscribed to this bus.
     *
     * @param message at most {@link #MAX_MESSAGE_BYTES} UTF-8 bytes
     * @throws RuntimeException if the transport did not take it (not connected, timed out)
     */
    void publish(String message);

    /**
     * Starts delivering this bus's messages to {@code listener}, on a thread of the bus's own, and
     * keeps doing so, reconnecting as needed, until {@link #close}. Called once.
     *
     * @param listener where messages and gaps go
     * @throws IllegalStateException if a listener is subscribed already
     */
    void subscribe(Listener listener);

    /** Stops delivering and publishing, and releases the connections this bus opened. */
    @Override
    void close();

    /**
     * What a bus delivers to.
     *
     * @since 0.1
     */
    interface Listener {

        /**
         * A message published by some instance (this one's included, perhaps).
         *
         * @param message the message as published; anything may arrive, and is checked
         */
        void message(String message);

        /** Messages may have been missed: the bus was (re)subscribed after a time it was not. */
        void gap();
    }
}
