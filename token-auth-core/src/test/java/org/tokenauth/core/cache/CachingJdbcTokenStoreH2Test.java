package org.tokenauth.core.cache;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.H2StoreContract;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenStore;

/** The store contract over a cache in front of {@link JdbcTokenStore}, on DRF's table in H2. */
class CachingJdbcTokenStoreH2Test extends H2StoreContract {

    @Override
    protected String table() {
        return "authtoken_token";
    }

    @Override
    protected TokenStore newStore(HikariDataSource pool) {
        return CachingTokenStore.of(new JdbcTokenStore(pool));
    }
}
