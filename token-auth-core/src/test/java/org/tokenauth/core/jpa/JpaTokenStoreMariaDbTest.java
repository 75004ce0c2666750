package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;

/** The JPA store through Hibernate on DRF's table, on MariaDB, whose default collation ignores case (see {@link ExternalStoreContract}). */
class JpaTokenStoreMariaDbTest extends ExternalStoreContract {

    @Override
    protected ExternalTestDatabase database() {
        return ExternalTestDatabase.MARIADB;
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
