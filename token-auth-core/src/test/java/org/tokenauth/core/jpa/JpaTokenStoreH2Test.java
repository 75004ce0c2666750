package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/** The JPA store through Hibernate on an in-memory H2 database, made by the shipped H2 script. */
class JpaTokenStoreH2Test extends TokenStoreContract {

    private HikariDataSource pool;
    private EntityManagerFactory factory;

    @Override
    protected TokenStore newStore() throws Exception {
        pool = H2TestDatabase.newPool(urlSettings());
        SqlScripts.createTokenTable(pool, "h2");
        factory = JpaTestUnits.on(pool);
        return new JpaTokenStore(factory);
    }

    /** @return settings appended to the H2 URL; none here */
    String urlSettings() {
        return "";
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    /** Shuts the database down: its connections die, and a new one finds an empty database. */
    @Override
    protected void makeStorageFail() throws Exception {
        H2TestDatabase.shutDown(pool);
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
