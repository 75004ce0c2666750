package org.tokenauth.core.cache;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenStore;

/** The store contract over a cache in front of {@link JdbcTokenStore}, on DRF's table in PostgreSQL. */
class CachingJdbcTokenStorePostgresTest extends ExternalStoreContract {

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
        return CachingTokenStore.of(new JdbcTokenStore(pool));
    }
}
