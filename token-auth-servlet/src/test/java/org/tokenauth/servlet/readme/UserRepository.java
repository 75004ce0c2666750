package org.tokenauth.servlet.readme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.tokenauth.core.TokenService;

// README: "User-created hook, plain callback" (keep in sync with /tmp/readme-servlet-section.md)
/** Where the application creates users: the one place that also gives each new user a token. */
public final class UserRepository {
    private final DataSource db;
    private final Consumer<String> userCreated;

    public UserRepository(DataSource db, TokenService tokens) {
        this.db = db;
        this.userCreated = tokens::issueFor; // DRF's post_save receiver
    }

    public String create(String username, String passwordHash) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO users (username, password, active) VALUES (?, ?, TRUE)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, username);
            ps.setString(2, passwordHash);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                String id = keys.getString(1);
                userCreated.accept(id); // after the insert committed (auto-commit)
                return id;
            }
        }
    }
}
