package org.tokenauth.example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;
import org.tokenauth.core.jpa.JpaTokenStore;

/**
 * Core's store contract, run on the example's own persistence unit: the users and polls beside the
 * token table, all made by Hibernate at start rather than by core's SQL scripts.
 */
@DisplayName("core's TokenStore contract on the example's database (DRF's table)")
class ExampleTokenStoreTest extends TokenStoreContract {

    private Database database;
    private String url;

    @Override
    protected TokenStore newStore() {
        url = TestDatabases.freshH2();
        database = Database.open(TestServers.settings(url));
        return newStore(database);
    }

    /** @return the store under test, on the example's database */
    TokenStore newStore(Database opened) {
        return new JpaTokenStore(opened.emf());
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    /** The database goes away under the open pool: every query fails (a new connection finds no tables). */
    @Override
    protected void makeStorageFail() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
