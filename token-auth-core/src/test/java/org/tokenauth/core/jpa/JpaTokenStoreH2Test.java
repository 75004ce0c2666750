package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.H2StoreContract;
import org.tokenauth.core.TokenStore;

/** The JPA store through Hibernate on DRF's table, on an in-memory H2 database per test. */
class JpaTokenStoreH2Test extends H2StoreContract {

    @Override
    protected String table() {
        return "authtoken_token";
    }

    @Override
    protected TokenStore newStore(HikariDataSource pool) {
        return new JpaTokenStore(closeAfter(JpaTestUnits.on(pool)));
    }
}
