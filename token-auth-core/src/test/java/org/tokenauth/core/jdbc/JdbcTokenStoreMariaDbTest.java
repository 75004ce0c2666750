package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.TokenStore;

/** The JDBC store on DRF's table, on MariaDB, whose default collation ignores case (see {@link ExternalStoreContract}). */
class JdbcTokenStoreMariaDbTest extends ExternalStoreContract {

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
        return new JdbcTokenStore(pool);
    }
}
