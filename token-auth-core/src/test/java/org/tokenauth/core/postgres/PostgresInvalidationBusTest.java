package org.tokenauth.core.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tokenauth.core.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.PostgresTestDatabase;
import org.tokenauth.core.Token;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.InvalidationBus;
import org.tokenauth.core.cache.RecordingListener;
import org.tokenauth.core.cache.Invalidations;

/**
 * The bus on a real PostgreSQL ({@code TOKENAUTH_TEST_POSTGRES_URL}): notifications between two
 * instances' buses, each on a pool of its own, a listening connection terminated by
 * {@code pg_terminate_backend}, and a database that cannot be reached.
 */
class PostgresInvalidationBusTest {

    private final String channel = "tokenauth_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private String url;

    @BeforeEach
    void database() {
        url = PostgresTestDatabase.url();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A pool of its own, named so that the test can find its backends in {@code pg_stat_activity}. */
    private HikariDataSource pool(String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        HikariDataSource pool = new HikariDataSource(config);
        opened.add(pool);
        return pool;
    }

    /** A bus whose listening connection is named as its pool's connections are. */
    private PostgresInvalidationBus bus(HikariDataSource pool) {
        PostgresInvalidationBus bus = PostgresInvalidationBus.builder(pool).channel(channel)
                .applicationName(pool.getDataSourceProperties().getProperty("ApplicationName", "unnamed"))
                .checkEvery(Duration.ofMillis(500)).build();
        opened.add(bus);
        return bus;
    }


    /** Terminates every backend of one application name: the listening connection among them. */
    private int terminate(String applicationName) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url);
             PreparedStatement kill = admin.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            kill.setString(1, applicationName);
            try (ResultSet rs = kill.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }


    @Test
    @DisplayName("what one instance notifies, the other receives whole, multi-byte and at the size limit included")
    void notifies() throws InterruptedException {
        PostgresInvalidationBus a = bus(pool("bus-a-" + channel));
        PostgresInvalidationBus b = bus(pool("bus-b-" + channel));
        RecordingListener received = new RecordingListener();
        b.subscribe(received);
        eventually("B listens", () -> received.gaps.get() == 1);

        String big = "é".repeat(InvalidationBus.MAX_MESSAGE_BYTES / 2);
        a.publish("first");
        a.publish(big);

        assertEquals("first", received.messages.poll(10, TimeUnit.SECONDS));
        assertEquals(big, received.messages.poll(10, TimeUnit.SECONDS));
        assertTrue(b.listening());
    }

    @Test
    @DisplayName("a token revoked through one instance stops being served from the other's cache")
    void cachesInStep() throws InterruptedException {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        Invalidations a = Invalidations.over(bus(pool("bus-a-" + channel)));
        Invalidations b = Invalidations.over(bus(pool("bus-b-" + channel)));
        opened.add(a);
        opened.add(b);
        CachingTokenStore cacheA = CachingTokenStore.builder(shared).invalidations(a).build();
        CachingTokenStore cacheB = CachingTokenStore.builder(shared).invalidations(b).build();
        eventually("both listen", () -> a.stats().gaps() == 1 && b.stats().gaps() == 1);
        Token token = Token.of("a".repeat(40), "7", Instant.now());
        shared.insert(token, 10);
        assertTrue(cacheB.findByLookup(token.lookup()).isPresent());
        shared.delete(token.lookup()); // behind B's back: its cache still serves the token
        shared.insert(token, 10);

        assertTrue(cacheA.delete(token.lookup()));

        eventually("B applied it", () -> b.stats().applied() == 1);
        assertEquals(Optional.empty(), cacheB.findByLookup(token.lookup()));
    }

    @Test
    @DisplayName("a terminated listening connection is replaced; the gap clears the caches and later messages arrive")
    void terminatedListener() throws Exception {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        String nameB = "bus-b-" + channel;
        Invalidations a = Invalidations.over(bus(pool("bus-a-" + channel)));
        PostgresInvalidationBus busB = bus(pool(nameB));
        Invalidations b = Invalidations.over(busB);
        opened.add(a);
        opened.add(b);
        CachingTokenStore cacheA = CachingTokenStore.builder(shared).invalidations(a).build();
        CachingTokenStore cacheB = CachingTokenStore.builder(shared).invalidations(b).build();
        eventually("B listens", () -> b.stats().gaps() == 1 && busB.listening());
        Token missed = Token.of("b".repeat(40), "7", Instant.now());
        shared.insert(missed, 10);
        cacheB.findByLookup(missed.lookup());

        assertTrue(terminate(nameB) >= 1);
        shared.delete(missed.lookup()); // revoked while B may not be listening: only the gap can tell it

        eventually("B listens again and clears its cache", () -> b.stats().gaps() == 2 && busB.listening());
        assertEquals(Optional.empty(), cacheB.findByLookup(missed.lookup()));

        Token later = Token.of("c".repeat(40), "8", Instant.now());
        shared.insert(later, 10);
        cacheB.findByLookup(later.lookup());
        cacheA.delete(later.lookup());
        eventually("B applied a message sent after the reconnect", () -> b.stats().applied() == 1);
    }

    @Test
    @DisplayName("a terminated listening connection never goes back to the pool: what the pool lends next works")
    void terminatedListenerNotLentOut() throws Exception {
        HikariDataSource pool = pool("bus-pool-" + channel);
        String listenerName = "bus-listener-" + channel;
        PostgresInvalidationBus bus = PostgresInvalidationBus.builder(pool).channel(channel)
                .applicationName(listenerName).build();
        opened.add(bus);
        RecordingListener received = new RecordingListener();
        bus.subscribe(received);
        eventually("listens", () -> received.gaps.get() == 1 && bus.listening());

        assertEquals(1, terminate(listenerName));

        // The pool lends a connection returned within the last 500 ms without checking it: had the
        // dead listening connection gone back, one of these would get it and fail.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until) {
            try (Connection connection = pool.getConnection();
                 ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
        eventually("listens again", () -> received.gaps.get() == 2 && bus.listening());
    }

    @Test
    @DisplayName("a bus from a JDBC URL alone (web.xml's case) connects on its own, and refuses other URLs")
    void fromUrl() throws InterruptedException {
        PostgresInvalidationBus a = PostgresInvalidationBus.builder(url).channel(channel).build();
        PostgresInvalidationBus b = PostgresInvalidationBus.builder(url).channel(channel).build();
        opened.add(a);
        opened.add(b);
        RecordingListener received = new RecordingListener();
        b.subscribe(received);
        eventually("B listens", () -> received.gaps.get() == 1);

        a.publish("over its own connections");

        assertEquals("over its own connections", received.messages.poll(10, TimeUnit.SECONDS));
        IllegalArgumentException mysql = assertThrows(IllegalArgumentException.class,
                () -> PostgresInvalidationBus.builder("jdbc:mysql://h/db?password=secret-pw"));
        assertFalse(mysql.getMessage().contains("secret-pw"), mysql.getMessage());
    }

    @Test
    @DisplayName("a foreign NOTIFY on the channel is ignored and counted")
    void foreignNotification() throws Exception {
        Invalidations b = Invalidations.over(bus(pool("bus-b-" + channel)));
        opened.add(b);
        eventually("B listens", () -> b.stats().gaps() == 1);
        try (Connection other = DriverManager.getConnection(url);
             PreparedStatement notify = other.prepareStatement("SELECT pg_notify(?, 'some other application')")) {
            notify.setString(1, channel);
            notify.execute();
        }
        eventually("ignored", () -> b.stats().ignored() == 1);
        assertEquals(0, b.stats().applied());
    }

    @Test
    @DisplayName("publishing to a database that cannot be reached fails at once, without a key or password in the message")
    void unreachable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&password=secret-pw&connectTimeout=2");
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource down = new HikariDataSource(config);
        opened.add(down);
        PostgresInvalidationBus bus = bus(down);

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> bus.publish("x"));
        assertTrue(failure.getMessage().contains(channel), failure.getMessage());
        assertFalse(failure.getMessage().contains("secret-pw"), failure.getMessage());
        assertFalse(bus.listening());
    }

    @Test
    @DisplayName("a channel must be a plain PostgreSQL identifier")
    void channelChecked() {
        PostgresInvalidationBus.Builder builder = PostgresInvalidationBus.builder(pool("names"));
        for (String bad : new String[] {"", "Upper", "1abc", "with space", "quote\"", "a".repeat(64)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.channel(bad));
            assertTrue(e.getMessage().contains("channel"), e.getMessage());
        }
        assertEquals("ok_1", builder.channel("ok_1").build().channel());
        assertThrows(IllegalArgumentException.class, () -> builder.applicationName("x'; DROP TABLE t; --"));
    }

    @Test
    @DisplayName("closed, the bus gives its listening connection back to the pool unlistened and named as before")
    void closeGivesTheConnectionBack() throws Exception {
        HikariDataSource pool = pool("bus-close-" + channel);
        PostgresInvalidationBus bus = PostgresInvalidationBus.builder(pool).channel(channel).build();
        RecordingListener received = new RecordingListener();
        bus.subscribe(received);
        eventually("listens", () -> received.gaps.get() == 1);

        bus.close();

        assertFalse(bus.listening());
        try (Connection connection = pool.getConnection();
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT current_setting('application_name'), (SELECT count(*) FROM pg_listening_channels())")) {
            rs.next();
            assertEquals("bus-close-" + channel, rs.getString(1));
            assertEquals(0, rs.getInt(2));
        }
    }
}
