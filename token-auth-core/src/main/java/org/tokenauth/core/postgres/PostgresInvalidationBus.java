package org.tokenauth.core.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.tokenauth.core.cache.InvalidationBus;
import org.tokenauth.core.cache.Invalidations;

/**
 * An {@link InvalidationBus} over PostgreSQL's {@code LISTEN} and {@code NOTIFY}: the database the
 * instances share already is the bus, nothing else to run.
 *
 * <pre>{@code
 * Invalidations invalidations = Invalidations.over(PostgresInvalidationBus.of(dataSource));
 * }</pre>
 *
 * <p><b>Connections.</b> Listening holds one connection of the data source for good, on a thread
 * of its own (size a pool one larger), named {@value #LISTENER_APPLICATION_NAME} in
 * {@code pg_stat_activity} unless {@linkplain Builder#applicationName named} otherwise; nothing is queried on the request path. Publishing borrows
 * a connection for one {@code SELECT pg_notify(channel, message)}, on the publishing thread of
 * {@link Invalidations}. The data source must give connections to PostgreSQL with the PostgreSQL
 * JDBC driver ({@code org.postgresql:postgresql}, an optional dependency of
 * {@code token-auth-core}), directly or through a pool that unwraps to it (HikariCP does).
 *
 * <p><b>Reconnecting.</b> When the listening connection fails (the server restarted, the backend
 * was terminated, the network dropped: an idle connection is checked every
 * {@linkplain Builder#checkEvery checkEvery}), the bus closes it and takes another, after a
 * backoff that doubles from 100 ms up to 5 s. Notifications sent meanwhile are lost to this
 * instance, so once it listens again it reports a {@linkplain InvalidationBus.Listener#gap() gap}
 * and the caches are cleared. It reports one at its first {@code LISTEN} too.
 *
 * @since 0.1
 */
public final class PostgresInvalidationBus implements InvalidationBus {

    /** The channel by default. */
    public static final String DEFAULT_CHANNEL = "tokenauth_invalidation";

    /**
     * The {@code application_name} of the listening connection by default, by which operators (and
     * {@code pg_terminate_backend}) find it in {@code pg_stat_activity}.
     */
    public static final String LISTENER_APPLICATION_NAME = "tokenauth-invalidation-listener";

    /** How often an idle listening connection is checked by default: 5 s. */
    public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(PostgresInvalidationBus.class.getName());
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int POLL_MILLIS = 250;

    private final DataSource dataSource;
    private final String channel;
    private final long checkEveryNanos;
    private final String applicationName;
    private volatile Thread listening;
    private volatile Connection listenConnection;
    private volatile boolean closed;

    private PostgresInvalidationBus(Builder b) {
        this.dataSource = b.dataSource;
        this.channel = b.channel;
        this.checkEveryNanos = b.checkEvery.toNanos();
        this.applicationName = b.applicationName;
    }

    /**
     * Returns a bus on the default channel ({@value #DEFAULT_CHANNEL}).
     *
     * @param dataSource where connections to the shared PostgreSQL database come from
     * @return the bus, not yet listening (its {@link Invalidations} subscribes)
     */
    public static PostgresInvalidationBus of(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * Returns a builder for a bus over {@code dataSource}.
     *
     * @param dataSource where connections to the shared PostgreSQL database come from
     * @return a builder with the default channel and check interval
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Returns a builder for a bus with connections of its own, unpooled: one held for listening,
     * and one opened for each publish (when an application has no pool to share, as in a
     * {@code web.xml}).
     *
     * @param jdbcUrl a PostgreSQL JDBC URL, such as
     *                {@code jdbc:postgresql://db:5432/app?user=app&password=...}
     * @return a builder with the default channel and check interval
     * @throws IllegalArgumentException if it is not a PostgreSQL JDBC URL the driver accepts
     */
    public static Builder builder(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("PostgresInvalidationBus needs a jdbc:postgresql: URL");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            // the driver's message may quote the URL, password and all
            throw new IllegalArgumentException("PostgresInvalidationBus: the PostgreSQL driver refuses this JDBC URL");
        }
        return new Builder(dataSource);
    }

    /**
     * Notifies the channel, on a connection borrowed for the call.
     *
     * @throws IllegalStateException if PostgreSQL could not be reached or refused the notification
     */
    @Override
    public void publish(String message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true); // a notification is delivered when its transaction commits
            }
            notify.setString(1, channel);
            notify.setString(2, message);
            notify.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("could not notify PostgreSQL channel " + channel + ": " + e.getMessage(), e);
        }
    }

    /** Starts the listening thread: {@code LISTEN}, then notifications to {@code listener} until {@link #close}. */
    @Override
    public synchronized void subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listening != null) {
            throw new IllegalStateException(this + " has a listener already");
        }
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        listening = new Thread(() -> listen(listener), "tokenauth-invalidations-" + channel);
        listening.setDaemon(true);
        listening.start();
    }

    /**
     * Stops listening; the listening thread gives its connection back as it got it (no
     * {@code LISTEN}, its own name) within a moment. Waits up to 2 s for it.
     */
    @Override
    public void close() {
        closed = true;
        Thread thread = listening;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@return the channel notified and listened to} */
    public String channel() {
        return channel;
    }

    /** {@return whether the bus is listening right now: false while it reconnects} */
    public boolean listening() {
        return listenConnection != null;
    }

    @Override
    public String toString() {
        return "PostgresInvalidationBus[channel=" + channel + "]";
    }

    // ---- Listening -------------------------------------------------------------------------------

    private void listen(Listener listener) {
        long backoff = FIRST_BACKOFF_MILLIS;
        long downSince = -1;
        while (!closed) {
            Connection connection = null;
            String ownName = null;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                ownName = applicationName(connection, applicationName);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + channel + "\"");
                }
                listenConnection = connection;
                if (closed) {
                    break;
                }
                if (downSince >= 0) {
                    LOG.log(Level.INFO, this + " listens again after "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince) + " ms; caches cleared");
                    downSince = -1;
                }
                backoff = FIRST_BACKOFF_MILLIS;
                listener.gap();
                receive(connection, pg, listener);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                if (downSince < 0) {
                    downSince = System.nanoTime();
                    LOG.log(Level.WARNING, this + " lost its listening connection (" + e.getMessage()
                            + "); reconnecting. Until then, changes on other instances are seen here within the cache bound.");
                }
            } finally {
                listenConnection = null;
                if (ownName != null) {
                    // Back to its pool as it came; or, if it died (its notifications were read on
                    // the unwrapped connection, which the pool does not watch), failing through the
                    // pool's own connection, so that the pool discards it instead of lending it out.
                    forget(connection, ownName);
                }
                closeQuietly(connection);
            }
            sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** Hands notifications to the listener until the connection fails or the bus closes. */
    private void receive(Connection connection, PGConnection pg, Listener listener) throws SQLException {
        long lastHeard = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            long now = System.nanoTime();
            if (notifications != null && notifications.length > 0) {
                lastHeard = now;
                for (PGNotification notification : notifications) {
                    if (channel.equals(notification.getName())) {
                        listener.message(notification.getParameter());
                    }
                }
            } else if (now - lastHeard >= checkEveryNanos) {
                // A connection dropped without a word (a network cut) gives no error on its own.
                try (Statement check = connection.createStatement()) {
                    check.execute("SELECT 1");
                }
                lastHeard = now;
            }
        }
    }

    /** Names the connection, and returns the name it had. */
    private static String applicationName(Connection connection, String name) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement(
                "SELECT current_setting('application_name'), set_config('application_name', ?, false)")) {
            set.setString(1, name);
            try (ResultSet rs = set.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Undoes what listening set on a connection that goes back to its pool in working order; on a
     * dead one, the failure is what tells the pool to discard it.
     */
    private static void forget(Connection connection, String ownName) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            applicationName(connection, ownName);
        } catch (SQLException | RuntimeException ignored) {
            // a broken connection: its pool discards it
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() interrupts: the loop sees closed
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing a broken connection: nothing left to release
            }
        }
    }

    /**
     * Configures a {@link PostgresInvalidationBus}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final DataSource dataSource;
        private String channel = DEFAULT_CHANNEL;
        private Duration checkEvery = DEFAULT_CHECK_EVERY;
        private String applicationName = LISTENER_APPLICATION_NAME;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Sets the channel; every instance of one application must use the same, and different
         * applications on one database different ones. {@value #DEFAULT_CHANNEL} by default.
         *
         * @param channel 1 to 63 of lower-case letters, digits and {@code _}, not starting with a
         *                digit (a PostgreSQL identifier that needs no quoting)
         * @return this builder
         * @throws IllegalArgumentException if it is not such a name
         */
        public Builder channel(String channel) {
            if (!CHANNEL.matcher(Objects.requireNonNull(channel, "channel")).matches()) {
                throw new IllegalArgumentException("PostgresInvalidationBus channel must be 1 to 63 of a-z, 0-9 and _, "
                        + "not starting with a digit, but was '" + channel + "'");
            }
            this.channel = channel;
            return this;
        }

        /**
         * Sets how long the listening connection may be silent before it is checked with a
         * {@code SELECT 1}: a connection cut without a word is noticed within about this long.
         * 5 s by default.
         *
         * @param checkEvery from 100 ms to 10 min
         * @return this builder
         * @throws IllegalArgumentException if it is out of range
         */
        public Builder checkEvery(Duration checkEvery) {
            Objects.requireNonNull(checkEvery, "checkEvery");
            if (checkEvery.compareTo(Duration.ofMillis(100)) < 0 || checkEvery.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("PostgresInvalidationBus checkEvery must be from 100 ms to 10 min, but was "
                        + checkEvery.toMillis() + " ms");
            }
            this.checkEvery = checkEvery;
            return this;
        }

        /**
         * Sets the {@code application_name} of the listening connection, e.g. to tell instances
         * apart in {@code pg_stat_activity}. {@value #LISTENER_APPLICATION_NAME} by default.
         *
         * @param applicationName 1 to 63 of letters, digits, {@code _}, {@code -} and {@code .}
         * @return this builder
         * @throws IllegalArgumentException if it is not such a name
         */
        public Builder applicationName(String applicationName) {
            if (!APPLICATION_NAME.matcher(Objects.requireNonNull(applicationName, "applicationName")).matches()) {
                throw new IllegalArgumentException("PostgresInvalidationBus applicationName must be 1 to 63 of letters, "
                        + "digits, _, - and ., but was '" + applicationName + "'");
            }
            this.applicationName = applicationName;
            return this;
        }

        /**
         * Builds the bus; it connects when subscribed.
         *
         * @return the bus
         */
        public PostgresInvalidationBus build() {
            return new PostgresInvalidationBus(this);
        }
    }
}
