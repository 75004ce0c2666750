package org.tokenauth.core.latin1;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenStore;

/** The JDBC store on DRF's table on PostgreSQL tables in Latin-1 (see {@link Latin1StoreContract}). */
class JdbcTokenStorePostgresLatin1Test extends Latin1StoreContract {

    @Override
    protected ExternalTestDatabase server() {
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
