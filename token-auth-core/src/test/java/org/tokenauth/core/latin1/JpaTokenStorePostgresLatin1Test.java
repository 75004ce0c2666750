package org.tokenauth.core.latin1;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jpa.JpaTokenStore;
import org.tokenauth.core.jpa.JpaTestUnits;

/** The JPA store on DRF's table on PostgreSQL tables in Latin-1 (see {@link Latin1StoreContract}). */
class JpaTokenStorePostgresLatin1Test extends Latin1StoreContract {

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
        return new JpaTokenStore(closeAfter(JpaTestUnits.on(pool)));
    }
}
