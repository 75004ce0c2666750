package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;

/** The JDBC store on DRF's table, on PostgreSQL (see {@link ExternalStoreContract}). */
class JdbcTokenStorePostgresTest extends ExternalStoreContract {

    @Override
    protected ExternalTestDatabase database() {
        return ExternalTestDatabase.POSTGRES;
    }

    @Override
    protected String table() {
        return "authtoken_token";
    }

    @Override
    protected TokenStore newStore(HikariDataSource pool) {
        return new JdbcTokenStore(pool);
    }
}
