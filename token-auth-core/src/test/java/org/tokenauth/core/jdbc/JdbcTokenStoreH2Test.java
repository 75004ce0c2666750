package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/** The JDBC store on an in-memory H2 database, one per test, made by the shipped H2 script. */
class JdbcTokenStoreH2Test extends TokenStoreContract {

    private HikariDataSource pool;

    @Override
    protected TokenStore newStore() throws Exception {
        pool = H2TestDatabase.newPool(urlSettings());
        SqlScripts.createTokenTable(pool, "h2");
        return new JdbcTokenStore(pool);
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
