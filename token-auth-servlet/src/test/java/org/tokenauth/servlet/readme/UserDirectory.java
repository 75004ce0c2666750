package org.tokenauth.servlet.readme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.tokenauth.core.PasswordCredentialsVerifier.StoredUser;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

// README: "Your users" (keep in sync with /tmp/readme-servlet-section.md)
/** The application's users table, as the library asks for it: by id, and by username with the password hash. */
public final class UserDirectory implements UserLookup {
    private final DataSource db;

    public UserDirectory(DataSource db) { this.db = db; }

    @Override public Optional<UserAccount> findById(String id) { return find("id = ?", Long.valueOf(id)).map(StoredUser::account); }

    public Optional<StoredUser> findByUsername(String username) { return find("username = ?", username); }

    private Optional<StoredUser> find(String where, Object arg) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, username, active, password FROM users WHERE " + where)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredUser(new UserAccount(rs.getString(1), rs.getString(2), rs.getBoolean(3)), rs.getString(4)))
                                 : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("users table query failed", e); // an outage: 503, never "unknown user"
        }
    }
}
