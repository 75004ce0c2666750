package org.tokenauth.core;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on an {@linkplain ExternalTestDatabase external database}: each test in a
 * schema of its own (a database, on MariaDB), its table made by the shipped script, dropped under
 * the open pool for the outage tests and afterwards. A subclass names the database, the table and
 * how the store is made on the pool.
 *
 * @since 0.1
 */
public abstract class ExternalStoreContract extends TokenStoreContract {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private String schema;

    /** @return the server the tests run on */
    protected abstract ExternalTestDatabase database();

    /** @return the table whose script is applied: {@code authtoken_token} or {@code tokenauth_token} */
    protected abstract String table();

    /**
     * Makes the store on a pool whose table exists.
     *
     * @param pool the test's pool
     * @return the store
     * @throws Exception if it cannot be made
     */
    protected abstract TokenStore newStore(HikariDataSource pool) throws Exception;

    /**
     * Closes {@code resource} after the test, before the pool (e.g. an entity manager factory).
     *
     * @param resource what to close
     * @param <T>      its type
     * @return {@code resource}
     */
    protected final <T extends AutoCloseable> T closeAfter(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    protected final TokenStore newStore() throws Exception {
        schema = database().createSchema("tokenauth_" + table().replace("_token", ""));
        HikariDataSource pool = database().dataSource(schema);
        resources.push(pool);
        createTable(pool, database(), table());
        return newStore(pool);
    }

    /**
     * Runs a table's shipped script on a test database, its tables in the database's
     * {@linkplain ExternalTestDatabase#charset() character set} (MySQL's scripts say utf8mb4).
     *
     * @param pool     where to run it
     * @param database the server
     * @param table    {@code authtoken_token} or {@code tokenauth_token}
     * @throws SQLException if a statement fails
     */
    public static void createTable(DataSource pool, ExternalTestDatabase database, String table) throws SQLException {
        String dialect = database.isMariaDb() ? "mysql" : "postgresql";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : SqlScripts.statements("org/tokenauth/core/sql/" + table + "." + dialect + ".sql")) {
                statement.execute(sql.replace("CHARSET = utf8mb4", "CHARSET = " + database.charset()));
            }
        }
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    @Override
    protected void makeStorageFail() throws Exception {
        database().dropSchema(schema);
    }

    @AfterEach
    void closeAndDrop() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        if (schema != null) {
            database().dropSchema(schema);
        }
    }
}
