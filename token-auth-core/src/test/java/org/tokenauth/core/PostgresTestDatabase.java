package org.tokenauth.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the PostgreSQL that tests may use, and gives each test a schema of its own.
 *
 * <p>The database is named by the system property {@code tokenauth.test.postgres.url} (the parent
 * pom passes it to surefire) or the environment variable {@code TOKENAUTH_TEST_POSTGRES_URL}, as a
 * JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Without one,
 * PostgreSQL tests are skipped with a message saying so, unless {@code TOKENAUTH_TEST_POSTGRES_REQUIRED}
 * (or {@code -Dtokenauth.test.postgres.required}) is {@code true}: then they fail, as on CI. A URL
 * that is set but unreachable always fails.
 *
 * <p>Published in the test-jar for the other modules' PostgreSQL tests.
 *
 * @since 0.1
 */
public final class PostgresTestDatabase {

    /** The system property that names the database. */
    public static final String URL_PROPERTY = "tokenauth.test.postgres.url";

    /** The environment variable that names the database. */
    public static final String URL_VARIABLE = "TOKENAUTH_TEST_POSTGRES_URL";

    private PostgresTestDatabase() {
    }

    /**
     * Returns the JDBC URL of the test database after checking it answers; aborts the calling test
     * (visibly) when none is configured, or fails it when one is required.
     *
     * @return the URL
     */
    public static String url() {
        String url = setting(URL_PROPERTY, URL_VARIABLE);
        if (url == null) {
            String message = "no PostgreSQL for tests: set " + URL_VARIABLE + " (or -D" + URL_PROPERTY
                    + "), e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
            if (required()) {
                throw new AssertionError(message + "; TOKENAUTH_TEST_POSTGRES_REQUIRED=true forbids skipping");
            }
            Assumptions.abort(message);
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + url + " is unreachable: " + e.getMessage(), e);
        }
        return url;
    }

    /** @return whether PostgreSQL tests must run rather than be skipped */
    public static boolean required() {
        return "true".equalsIgnoreCase(setting("tokenauth.test.postgres.required", "TOKENAUTH_TEST_POSTGRES_REQUIRED"));
    }

    /**
     * Creates a new, empty schema with a unique name.
     *
     * @param prefix the start of its name: letters, digits and underscores
     * @return the schema's name
     * @throws SQLException if it cannot be created
     */
    public static String createSchema(String prefix) throws SQLException {
        String schema = (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /**
     * Drops a schema and everything in it, if it exists.
     *
     * @param schema its name
     * @throws SQLException if it cannot be dropped
     */
    public static void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /**
     * Opens a small connection pool whose connections work in {@code schema}.
     *
     * @param schema the schema unqualified names resolve to
     * @return the pool; close it
     */
    public static HikariDataSource dataSource(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setSchema(schema);
        config.setPoolName("pg-" + schema);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        // An unset variable reaches surefire as the literal "${env.…}" of the pom.
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
