package org.tokenauth.core.cache;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenauthStore;

/** The store contract over a cache in front of {@link JdbcTokenauthStore}, on tokenauth_token in PostgreSQL, given digests. */
class CachingJdbcTokenauthStorePostgresTest extends ExternalStoreContract {

    @Override
    protected ExternalTestDatabase database() {
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
        return CachingTokenStore.of(new JdbcTokenauthStore(pool));
    }
}
