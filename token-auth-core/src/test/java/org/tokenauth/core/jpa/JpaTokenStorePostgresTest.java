package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;

/** The JPA store through Hibernate on DRF's table, on PostgreSQL (see {@link ExternalStoreContract}). */
class JpaTokenStorePostgresTest extends ExternalStoreContract {

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
        return new JpaTokenStore(closeAfter(JpaTestUnits.on(pool)));
    }
}
