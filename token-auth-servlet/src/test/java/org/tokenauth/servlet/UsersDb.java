package org.tokenauth.servlet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.tokenauth.core.PasswordCredentialsVerifier.StoredUser;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/** The test application's users, in its {@code users} table (see {@link TestDatabase}). */
final class UsersDb implements UserLookup {

    private final DataSource db;

    UsersDb(DataSource db) {
        this.db = db;
    }

    /** @return the new user's id */
    String create(String username, String password, boolean active, Pbkdf2PasswordHasher hasher) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (username, password, active) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, username);
            ps.setString(2, hasher.hash(password));
            ps.setBoolean(3, active);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Long.toString(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void setActive(String id, boolean active) {
        update("UPDATE users SET active = ? WHERE id = ?", active, Long.valueOf(id));
    }

    void delete(String id) {
        update("DELETE FROM users WHERE id = ?", Long.valueOf(id));
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<UserAccount> findById(String id) {
        long numeric;
        try {
            numeric = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return query("SELECT id, username, active, password FROM users WHERE id = ?", numeric).map(StoredUser::account);
    }

    Optional<StoredUser> findByUsername(String username) {
        return query("SELECT id, username, active, password FROM users WHERE username = ?", username);
    }

    private Optional<StoredUser> query(String sql, Object arg) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredUser(
                        new UserAccount(rs.getString(1), rs.getString(2), rs.getBoolean(3)), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("users table query failed", e);
        }
    }
}
