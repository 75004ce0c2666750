package org.tokenauth.example;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The databases the tests run on: a fresh in-memory H2 each time, and PostgreSQL when
 * TOKENAUTH_TEST_POSTGRES_URL (or -Dtokenauth.test.postgres.url) names one, in a fresh schema that
 * is dropped afterwards. Without it the PostgreSQL tests are skipped, visibly; with
 * TOKENAUTH_TEST_POSTGRES_REQUIRED=true they fail instead.
 */
final class TestDatabases {

    private TestDatabases() {
    }

    static String freshH2() {
        return "jdbc:h2:mem:polls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** A database of its own on the PostgreSQL server; skip or fail if there is none. */
    static PostgresSchema freshPostgres() {
        String url = Optional.ofNullable(System.getProperty("tokenauth.test.postgres.url"))
                .filter(s -> !s.isBlank() && !s.startsWith("${"))
                .or(() -> Optional.ofNullable(System.getenv("TOKENAUTH_TEST_POSTGRES_URL")).filter(s -> !s.isBlank()))
                .orElse(null);
        boolean required = "true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_POSTGRES_REQUIRED"))
                || "true".equalsIgnoreCase(System.getProperty("tokenauth.test.postgres.required"));
        if (url == null) {
            if (required) {
                fail("TOKENAUTH_TEST_POSTGRES_REQUIRED=true but TOKENAUTH_TEST_POSTGRES_URL is not set");
            }
            abort("PostgreSQL tests skipped: set TOKENAUTH_TEST_POSTGRES_URL, "
                    + "e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        String schema = "polls_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        } catch (SQLException e) {
            if (required) {
                fail("PostgreSQL at " + url.split("\\?")[0] + " is required but unreachable: " + e.getMessage(), e);
            }
            abort("PostgreSQL tests skipped: " + url.split("\\?")[0] + " is unreachable: " + e.getMessage());
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PostgresSchema(url, schemaUrl, schema);
    }

    record PostgresSchema(String serverUrl, String url, String schema) implements AutoCloseable {

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }
}
