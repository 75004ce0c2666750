package org.tokenauth.example;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The databases the tests run on: a fresh in-memory H2 each time, and PostgreSQL when
 * TOKENAUTH_TEST_POSTGRES_URL (or -Dtokenauth.test.postgres.url) names one, in a fresh schema (or
 * a fresh database) that is dropped afterwards. Without it the PostgreSQL tests are skipped,
 * visibly; with TOKENAUTH_TEST_POSTGRES_REQUIRED=true they fail instead.
 */
final class TestDatabases {

    private TestDatabases() {
    }

    static String freshH2() {
        return "jdbc:h2:mem:polls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** A schema of its own on the PostgreSQL server; skip or fail if there is none. */
    static PostgresSchema freshPostgres() {
        String url = postgresUrl();
        String schema = uniqueName("polls_example_");
        execute(url, "create schema " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PostgresSchema(url, schemaUrl, schema);
    }

    /**
     * A database of its own on the PostgreSQL server, for what is per database rather than per
     * schema (LISTEN/NOTIFY channels, {@code pg_stat_activity.datname}); skip or fail if there is none.
     *
     * @param prefix the start of its name: lower-case letters and {@code _}
     */
    static PostgresDatabase freshPostgresDatabase(String prefix) {
        String url = postgresUrl();
        Matcher parts = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(.*)").matcher(url);
        if (!parts.matches()) {
            fail("TOKENAUTH_TEST_POSTGRES_URL must look like jdbc:postgresql://HOST:PORT/DATABASE?…, but was "
                    + url.split("\\?")[0]);
        }
        String name = uniqueName(prefix);
        execute(url, "create database " + name);
        return new PostgresDatabase(url, parts.group(1) + name + parts.group(3), name);
    }

    /** TOKENAUTH_TEST_POSTGRES_URL or -Dtokenauth.test.postgres.url; skip or fail without it. */
    private static String postgresUrl() {
        String url = Optional.ofNullable(System.getProperty("tokenauth.test.postgres.url"))
                .filter(s -> !s.isBlank() && !s.startsWith("${"))
                .or(() -> Optional.ofNullable(System.getenv("TOKENAUTH_TEST_POSTGRES_URL")).filter(s -> !s.isBlank()))
                .orElse(null);
        if (url == null) {
            if (postgresRequired()) {
                fail("TOKENAUTH_TEST_POSTGRES_REQUIRED=true but TOKENAUTH_TEST_POSTGRES_URL is not set");
            }
            abort("PostgreSQL tests skipped: set TOKENAUTH_TEST_POSTGRES_URL, "
                    + "e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        return url;
    }

    private static boolean postgresRequired() {
        return "true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_POSTGRES_REQUIRED"))
                || "true".equalsIgnoreCase(System.getProperty("tokenauth.test.postgres.required"));
    }

    private static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    /** Runs one statement on the server; skip or fail if it cannot be reached. */
    private static void execute(String url, String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (postgresRequired()) {
                fail("PostgreSQL at " + url.split("\\?")[0] + " is required but unreachable: " + e.getMessage(), e);
            }
            abort("PostgreSQL tests skipped: " + url.split("\\?")[0] + " is unreachable: " + e.getMessage());
        }
    }

    /**
     * A connection to PostgreSQL. The failsafe JVM has no driver on its class path (the WAR brings
     * its own, as in a container): there, the pom names the driver's jar in
     * {@code tokenauth.test.postgres.driver}, and the driver is loaded from it.
     */
    static Connection connect(String url) throws SQLException {
        String jar = System.getProperty(DriverFromJar.PROPERTY, "");
        return jar.isBlank() || jar.startsWith("${")
                ? DriverManager.getConnection(url)
                : DriverFromJar.DRIVER.connect(url, new Properties());
    }

    /** The driver of {@code tokenauth.test.postgres.driver}'s jar, loaded at the first use of this class. */
    private static final class DriverFromJar {

        static final String PROPERTY = "tokenauth.test.postgres.driver";
        static final Driver DRIVER = load(System.getProperty(PROPERTY));

        @SuppressWarnings("resource") // the driver's classes stay loaded for the rest of the run
        private static Driver load(String jar) {
            try {
                URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                        TestDatabases.class.getClassLoader());
                return (Driver) Class.forName("org.postgresql.Driver", true, loader).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | MalformedURLException e) {
                throw new IllegalStateException("cannot load the PostgreSQL driver from " + jar, e);
            }
        }
    }

    record PostgresSchema(String serverUrl, String url, String schema) implements AutoCloseable {

        @Override
        public void close() throws SQLException {
            try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    /** A database made by {@link #freshPostgresDatabase}: {@code url} reaches it, {@link #close} drops it. */
    record PostgresDatabase(String serverUrl, String url, String name) implements AutoCloseable {

        @Override
        public void close() throws SQLException {
            try (Connection c = connect(serverUrl); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)"); // connections left over included
            }
        }
    }
}
