package org.tokenauth.core;

import com.zaxxer.hikari.HikariDataSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on an in-memory H2 database per test, its table made by the shipped H2
 * script, shut down for the outage tests. A subclass names the table and how the store is made on
 * the pool, and may add URL settings (e.g. {@code ;IGNORECASE=TRUE}, a case-insensitive collation
 * like MySQL's default).
 *
 * @since 0.1
 */
public abstract class H2StoreContract extends TokenStoreContract {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private HikariDataSource pool;

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

    /** @return settings appended to the H2 URL; none by default */
    protected String urlSettings() {
        return "";
    }

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
        pool = H2TestDatabase.newPool(urlSettings());
        resources.push(pool);
        SqlScripts.createTable(pool, table(), "h2");
        return newStore(pool);
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    /** Shuts the database down: its connections die, and a new one finds an empty database. */
    @Override
    protected void makeStorageFail() throws Exception {
        H2TestDatabase.shutDown(pool);
    }

    @AfterEach
    void closeResources() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }
}
