package org.tokenauth.servlet.readme;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/** The README's custom store passes core's TokenStore contract, on H2, like the stores we ship. */
@DisplayName("README's UsersTableTokenStore meets the TokenStore contract")
class UsersTableTokenStoreTest extends TokenStoreContract {

    private HikariDataSource db;

    @Override
    protected TokenStore newStore() throws SQLException {
        db = org.tokenauth.servlet.TestDatabaseAccess.create();
        addUsers(db);
        return new UsersTableTokenStore(db);
    }

    /** The store keeps tokens in the users table, so the users the contract names must exist. */
    static void addUsers(HikariDataSource db) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, username, active) VALUES (?, ?, TRUE)")) {
            for (int id = 1; id <= 20; id++) {
                ps.setLong(1, id);
                ps.setString(2, "user" + id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    protected ChronoUnit createdPrecision() {
        return ChronoUnit.MICROS;
    }

    @Override
    protected void makeStorageFail() {
        db.close();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
