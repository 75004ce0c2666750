package org.tokenauth.core.latin1;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jpa.JpaTokenauthStore;
import org.tokenauth.core.jpa.JpaTestUnits;

/** The JPA store on {@code tokenauth_token} on MariaDB tables in Latin-1 (see {@link Latin1StoreContract}). */
class JpaTokenauthStoreMariaDbLatin1Test extends Latin1StoreContract {

    @Override
    protected ExternalTestDatabase server() {
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
