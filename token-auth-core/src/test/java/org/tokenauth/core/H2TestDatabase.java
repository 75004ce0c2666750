package org.tokenauth.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * In-memory H2 databases for tests: a new one per call, behind a small HikariCP pool.
 *
 * @since 0.1
 */
public final class H2TestDatabase {

    private H2TestDatabase() {
    }

    /**
     * Opens a pool on a new, empty in-memory database that lives until it is shut down.
     *
     * @return the pool; close it
     */
    public static HikariDataSource newPool() {
        return newPool("");
    }

    /**
     * Opens a pool on a new, empty in-memory database with extra settings.
     *
     * @param settings appended to the URL, e.g. {@code ";MODE=MySQL;DATABASE_TO_LOWER=TRUE"} or
     *                 {@code ";IGNORECASE=TRUE"} (text compared without regard to case, like
     *                 MySQL's default collation)
     * @return the pool; close it
     */
    public static HikariDataSource newPool(String settings) {
        return new HikariDataSource(config(settings));
    }

    /**
     * Returns the settings of {@link #newPool(String)}, to change before opening the pool.
     *
     * @param settings appended to the URL ({@code null} for none)
     * @return the pool's settings
     */
    public static HikariConfig config(String settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:tokens_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                + ";DB_CLOSE_DELAY=-1" + (settings == null ? "" : settings));
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return config;
    }

    /**
     * Shuts the pool's database down for real: its open connections die, and a new connection
     * finds a new, empty database, without the tables.
     *
     * @param pool the pool of the database
     * @throws SQLException if the database cannot be reached to shut it down
     */
    public static void shutDown(HikariDataSource pool) throws SQLException {
        // A connection of its own: the pool's proxy would fail to reset a connection that SHUTDOWN closed.
        try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
