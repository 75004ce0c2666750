package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/**
 * The JDBC store on a database that compares text without regard to case, like MySQL's and
 * MariaDB's default collation (on which Django creates {@code authtoken_token}): the store itself
 * must keep lookups and deletes exact.
 */
class JdbcTokenStoreH2CaseInsensitiveTest extends TokenStoreContract {

    private HikariDataSource pool;

    @Override
    protected TokenStore newStore() throws Exception {
        pool = H2TestDatabase.newPool(";IGNORECASE=TRUE");
        SqlScripts.createTokenTable(pool, "h2");
        return new JdbcTokenStore(pool);
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    @Override
    protected void makeStorageFail() throws Exception {
        H2TestDatabase.shutDown(pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }
}
