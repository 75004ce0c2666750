package org.tokenauth.core.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.tokenauth.core.PostgresTestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/**
 * The JDBC store on PostgreSQL (see {@link PostgresTestDatabase}), each test in a schema of its
 * own, made by the shipped PostgreSQL script. The outage drops the schema under the open pool, so
 * every statement then fails on the server.
 */
class JdbcTokenStorePostgresTest extends TokenStoreContract {

    private String schema;
    private HikariDataSource pool;

    @Override
    protected TokenStore newStore() throws Exception {
        schema = PostgresTestDatabase.createSchema("tokenauth_jdbc");
        pool = PostgresTestDatabase.dataSource(schema);
        SqlScripts.createTokenTable(pool, "postgresql");
        return new JdbcTokenStore(pool);
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    @Override
    protected void makeStorageFail() throws Exception {
        PostgresTestDatabase.dropSchema(schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
