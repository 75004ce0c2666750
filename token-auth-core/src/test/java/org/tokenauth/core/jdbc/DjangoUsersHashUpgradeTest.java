package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.Pbkdf2PasswordHasher;

/**
 * Issue 11, item 2, over a real {@code auth_user} table (H2): DjangoUsers pads a wrong password
 * for an imported low-iteration hash to the current count, and stores a stronger hash at the
 * next good login, with an UPDATE that only replaces the hash that verified.
 */
class DjangoUsersHashUpgradeTest {

    private static final int CURRENT = 2_000;

    private final AtomicLong iterations = new AtomicLong();
    private HikariDataSource pool;
    private DjangoUsers users;

    @BeforeEach
    void setUp() throws SQLException {
        pool = H2TestDatabase.newPool();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE auth_user (id INTEGER PRIMARY KEY, username VARCHAR(150) NOT NULL UNIQUE, "
                    + "password VARCHAR(128) NOT NULL, is_active BOOLEAN NOT NULL)");
        }
        insert(1, "imported", new Pbkdf2PasswordHasher(1_000).hash("old secret"));
        insert(2, "django52", new Pbkdf2PasswordHasher(3_000).hash("strong secret"));
        users = new DjangoUsers(pool, "auth_user", new Pbkdf2PasswordHasher(CURRENT, iterations::addAndGet));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private void insert(int id, String username, String hash) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO auth_user VALUES (?, ?, ?, TRUE)")) {
            insert.setInt(1, id);
            insert.setString(2, username);
            insert.setString(3, hash);
            insert.executeUpdate();
        }
    }

    private String hashOf(int id) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT password FROM auth_user WHERE id = ?")) {
            select.setInt(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private long workOf(String username, String password) {
        iterations.set(0);
        users.verify(username, password);
        return iterations.get();
    }

    @Test
    @DisplayName("wrong password for a 1,000-iteration user == unknown user == the current 2,000 iterations")
    void verifyWhenWrongPasswordThenCurrentCountOfWorkWhateverTheStoredCount() {
        assertEquals(CURRENT, workOf("nobody", "guess"));
        assertEquals(CURRENT, workOf("imported", "guess"));
    }

    @Test
    @DisplayName("a good login stores a hash at the current count; a stronger hash is left as it is")
    void verifyWhenGoodLoginWithWeakHashThenUpdatedInTheTable() throws SQLException {
        assertEquals("1", users.verify("imported", "old secret").orElseThrow().id());
        String upgraded = hashOf(1);
        assertTrue(upgraded.startsWith("pbkdf2_sha256$" + CURRENT + "$"), upgraded);
        assertEquals(CURRENT, workOf("imported", "old secret"), "verified at the current count, not upgraded again");
        assertEquals(upgraded, hashOf(1));

        String strong = hashOf(2);
        assertEquals("2", users.verify("django52", "strong secret").orElseThrow().id());
        assertEquals(strong, hashOf(2));
    }
}
