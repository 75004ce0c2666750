package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.H2StoreContract;
import org.tokenauth.core.TokenStore;

/** The JDBC store on {@code tokenauth_token}, on an in-memory H2 database per test, given hashed-mode digests. */
class JdbcTokenauthStoreH2Test extends H2StoreContract {

    @Override
    protected String table() {
        return "tokenauth_token";
    }

    @Override
    protected boolean digestLookups() {
        return true;
    }

    @Override
    protected TokenStore newStore(HikariDataSource pool) {
        return new JdbcTokenauthStore(pool);
    }
}
