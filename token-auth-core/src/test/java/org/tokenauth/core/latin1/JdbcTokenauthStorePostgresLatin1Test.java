package org.tokenauth.core.latin1;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenauthStore;

/** The JDBC store on {@code tokenauth_token} on PostgreSQL tables in Latin-1 (see {@link Latin1StoreContract}). */
class JdbcTokenauthStorePostgresLatin1Test extends Latin1StoreContract {

    @Override
    protected ExternalTestDatabase server() {
        return ExternalTestDatabase.POSTGRES;
    }

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
