package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/**
 * The JPA store on a database that compares text without regard to case, like MySQL's and
 * MariaDB's default collation: the store itself must keep lookups and deletes exact.
 */
class JpaTokenStoreH2CaseInsensitiveTest extends TokenStoreContract {

    private HikariDataSource pool;
    private EntityManagerFactory factory;

    @Override
    protected TokenStore newStore() throws Exception {
        pool = H2TestDatabase.newPool(";IGNORECASE=TRUE");
        SqlScripts.createTokenTable(pool, "h2");
        factory = JpaTestUnits.on(pool);
        return new JpaTokenStore(factory);
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
    void close() {
        factory.close();
        pool.close();
    }
}
