package org.tokenauth.core.jpa;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.PostgresTestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/**
 * The JPA store through Hibernate on PostgreSQL (see {@link PostgresTestDatabase}), each test in
 * a schema of its own, made by the shipped PostgreSQL script. The outage closes the connection
 * pool under the running entity manager factory.
 */
class JpaTokenStorePostgresTest extends TokenStoreContract {

    private String schema;
    private HikariDataSource pool;
    private EntityManagerFactory factory;

    @Override
    protected TokenStore newStore() throws Exception {
        schema = PostgresTestDatabase.createSchema("tokenauth_jpa");
        pool = PostgresTestDatabase.dataSource(schema);
        SqlScripts.createTokenTable(pool, "postgresql");
        factory = JpaTestUnits.on(pool);
        return new JpaTokenStore(factory);
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    @Override
    protected void makeStorageFail() {
        pool.close();
    }

    @AfterEach
    void close() throws Exception {
        if (factory != null) {
            factory.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
