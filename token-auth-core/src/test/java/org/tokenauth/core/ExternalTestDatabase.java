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
 * A database server that tests may use, named by a system property or an environment variable
 * (a JDBC URL), and a fresh schema in it for each test. Without a URL the calling test is skipped,
 * visibly, unless the server is required (as on CI): then it fails. A URL that is set but
 * unreachable always fails.
 *
 * <p>Published in the test-jar for the other modules' tests.
 *
 * @since 0.1
 */
public final class ExternalTestDatabase {

    /** PostgreSQL: {@code TOKENAUTH_TEST_POSTGRES_URL}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
    public static final ExternalTestDatabase POSTGRES = new ExternalTestDatabase("PostgreSQL", "postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "CREATE SCHEMA %s", "DROP SCHEMA IF EXISTS %s CASCADE");

    /**
     * MariaDB (or MySQL): {@code TOKENAUTH_TEST_MARIADB_URL}, e.g.
     * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}; a schema is a database there, and
     * sessions run in UTC, as the shipped MySQL scripts ask.
     */
    public static final ExternalTestDatabase MARIADB = new ExternalTestDatabase("MariaDB", "mariadb",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root", "CREATE DATABASE %s", "DROP DATABASE IF EXISTS %s");

    private final String name;
    private final String id;
    private final String example;
    private final String create;
    private final String drop;
    /** The database the tests work in, instead of the configured URL's; {@code null} for that one. */
    private final String database;
    private final String charset;

    private ExternalTestDatabase(String name, String id, String example, String create, String drop) {
        this(name, id, example, create, drop, null, "utf8mb4");
    }

    private ExternalTestDatabase(String name, String id, String example, String create, String drop, String database,
            String charset) {
        this.name = name;
        this.id = id;
        this.example = example;
        this.create = create;
        this.drop = drop;
        this.database = database;
        this.charset = charset;
    }

    /**
     * Makes a place on this server whose text columns hold Latin-1 only, the way an older Django
     * database may be set up: on PostgreSQL a new database ({@code ENCODING 'LATIN1'}, collation
     * {@code C}) in which each test gets a schema; on MariaDB each test's database is made
     * {@code CHARACTER SET latin1}, and {@link #charset()} tells the tests to make their tables so.
     * Drop it with {@link #dropDatabase()}.
     *
     * @param prefix the start of the new database's name
     * @return the server, as seen in that database
     * @throws SQLException if the database cannot be made
     */
    public ExternalTestDatabase createLatin1Database(String prefix) throws SQLException {
        if (isMariaDb()) {
            return new ExternalTestDatabase(name + " (latin1)", id, example, create + " CHARACTER SET latin1", drop, null, "latin1");
        }
        String made = uniqueName(prefix);
        execute("CREATE DATABASE " + made + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        return new ExternalTestDatabase(name + " (LATIN1)", id, example, create, drop, made, "latin1");
    }

    /**
     * Drops the database {@link #createLatin1Database} made, closing whatever connections are left
     * in it; does nothing on the configured database.
     *
     * @throws SQLException if it cannot be dropped
     */
    public void dropDatabase() throws SQLException {
        if (database != null) {
            try (Connection connection = DriverManager.getConnection(configuredUrl());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** {@return the character set that tables made for tests should have: {@code utf8mb4}, or {@code latin1}} */
    public String charset() {
        return charset;
    }

    /** {@return whether this is MariaDB (or MySQL), where a schema is a database} */
    public boolean isMariaDb() {
        return "mariadb".equals(id);
    }

    /** {@return the system property that names the database: {@code tokenauth.test.<id>.url}} */
    public String urlProperty() {
        return "tokenauth.test." + id + ".url";
    }

    /** {@return the environment variable that names the database: {@code TOKENAUTH_TEST_<ID>_URL}} */
    public String urlVariable() {
        return "TOKENAUTH_TEST_" + id.toUpperCase(Locale.ROOT) + "_URL";
    }

    /**
     * Returns the JDBC URL of the test database after checking it answers; aborts the calling test
     * (visibly) when none is configured, or fails it when one is required.
     *
     * @return the URL
     */
    public String url() {
        String url = configuredUrl();
        if (database != null) {
            // jdbc:postgresql://host:port/<database>?parameters
            url = url.replaceFirst("^(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + database);
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError(name + " at " + url + " is unreachable: " + e.getMessage(), e);
        }
        return url;
    }

    private String configuredUrl() {
        String url = setting(urlProperty(), urlVariable());
        if (url == null) {
            String message = "no " + name + " for tests: set " + urlVariable() + " (or -D" + urlProperty() + "), e.g. " + example;
            if (required()) {
                throw new AssertionError(message + "; " + requiredVariable() + "=true forbids skipping");
            }
            Assumptions.abort(message);
        }
        return url;
    }

    /** @return whether this server's tests must run rather than be skipped */
    public boolean required() {
        return "true".equalsIgnoreCase(setting("tokenauth.test." + id + ".required", requiredVariable()));
    }

    private String requiredVariable() {
        return "TOKENAUTH_TEST_" + id.toUpperCase(Locale.ROOT) + "_REQUIRED";
    }

    /**
     * Creates a new, empty schema (a database, on MariaDB) with a unique name.
     *
     * @param prefix the start of its name: letters, digits and underscores
     * @return the schema's name
     * @throws SQLException if it cannot be created
     */
    public String createSchema(String prefix) throws SQLException {
        String schema = uniqueName(prefix);
        execute(String.format(create, schema));
        return schema;
    }

    private static String uniqueName(String prefix) {
        return (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)).toLowerCase(Locale.ROOT);
    }

    /**
     * Drops a schema and everything in it, if it exists.
     *
     * @param schema its name
     * @throws SQLException if it cannot be dropped
     */
    public void dropSchema(String schema) throws SQLException {
        execute(String.format(drop, schema));
    }

    /**
     * Opens a small connection pool whose connections work in {@code schema}.
     *
     * @param schema the schema unqualified names resolve to
     * @return the pool; close it
     */
    public HikariDataSource dataSource(String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        if (isMariaDb()) {
            config.setCatalog(schema);
            config.addDataSourceProperty("timezone", "UTC");
        } else {
            config.setSchema(schema);
        }
        config.setPoolName(id + "-" + schema);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    private void execute(String sql) throws SQLException {
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

    @Override
    public String toString() {
        return name;
    }
}
