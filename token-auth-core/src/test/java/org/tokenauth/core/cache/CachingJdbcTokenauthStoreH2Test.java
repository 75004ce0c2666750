package org.tokenauth.core.cache;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.H2StoreContract;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenauthStore;

/** The store contract over a cache in front of {@link JdbcTokenauthStore}, on tokenauth_token in H2, given digests. */
class CachingJdbcTokenauthStoreH2Test extends H2StoreContract {

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
