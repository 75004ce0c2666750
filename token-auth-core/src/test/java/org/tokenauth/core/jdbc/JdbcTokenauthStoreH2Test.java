package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/** The JDBC store on {@code tokenauth_token}, on an in-memory H2 database per test, given hashed-mode digests. */
class JdbcTokenauthStoreH2Test extends TokenStoreContract {

    private HikariDataSource pool;

    @Override
    protected TokenStore newStore() throws Exception {
        pool = H2TestDatabase.newPool(urlSettings());
        SqlScripts.createTable(pool, "tokenauth_token", "h2");
        return new JdbcTokenauthStore(pool);
    }

    @Override
    protected boolean digestLookups() {
        return true;
    }

    /** @return settings appended to the H2 URL; none here */
    String urlSettings() {
        return "";
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
    void closePool() {
        pool.close();
    }
}
