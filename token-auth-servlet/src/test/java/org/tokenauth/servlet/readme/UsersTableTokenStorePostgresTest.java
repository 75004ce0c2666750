package org.tokenauth.servlet.readme;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.tokenauth.core.PostgresTestDatabase;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/**
 * The README's custom store passes core's TokenStore contract on PostgreSQL too, where a NUL in a
 * key is an error of the database (SQLState 22021) rather than an unknown key: each test in a
 * schema of its own, dropped for the outage tests and afterwards.
 */
@DisplayName("README's UsersTableTokenStore meets the TokenStore contract on PostgreSQL")
class UsersTableTokenStorePostgresTest extends TokenStoreContract {

    private String schema;
    private HikariDataSource db;

    @Override
    protected TokenStore newStore() throws Exception {
        schema = PostgresTestDatabase.createSchema("tokenauth_readme");
        db = PostgresTestDatabase.dataSource(schema);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, username VARCHAR(150) NOT NULL UNIQUE,"
                    + " password VARCHAR(200), active BOOLEAN DEFAULT TRUE NOT NULL,"
                    + " api_key VARCHAR(40) UNIQUE, api_key_created TIMESTAMP)");
        }
        UsersTableTokenStoreTest.addUsers(db);
        return new UsersTableTokenStore(db);
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
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }
}
