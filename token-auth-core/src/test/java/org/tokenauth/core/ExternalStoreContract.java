package org.tokenauth.core;

import com.zaxxer.hikari.HikariDataSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
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
        SqlScripts.createTable(pool, table(), database() == ExternalTestDatabase.MARIADB ? "mysql" : "postgresql");
        return newStore(pool);
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
