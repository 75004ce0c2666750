package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;

/** The JPA store through Hibernate on {@code tokenauth_token}, on MariaDB, given hashed-mode digests (see {@link ExternalStoreContract}). */
class JpaTokenauthStoreMariaDbTest extends ExternalStoreContract {

    @Override
    protected ExternalTestDatabase database() {
        return ExternalTestDatabase.MARIADB;
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
        return new JpaTokenauthStore(closeAfter(JpaTestUnits.on(pool)));
    }
}
