package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.H2StoreContract;
import org.tokenauth.core.TokenStore;

/** The JDBC store on DRF's table, on an in-memory H2 database per test. */
class JdbcTokenStoreH2Test extends H2StoreContract {

    @Override
    protected String table() {
        return "authtoken_token";
    }

    @Override
    protected TokenStore newStore(HikariDataSource pool) {
        return new JdbcTokenStore(pool);
    }
}
