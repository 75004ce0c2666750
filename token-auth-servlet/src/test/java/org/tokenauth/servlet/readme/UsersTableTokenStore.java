package org.tokenauth.servlet.readme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;

// README: "A custom TokenStore" (keep in sync with /tmp/readme-servlet-section.md)
/** Keeps each user's token in two columns of the application's existing {@code users} table. */
public final class UsersTableTokenStore implements TokenStore {
    private final DataSource db;

    public UsersTableTokenStore(DataSource db) { this.db = db; }

    @Override public Optional<Token> findByKey(String key) { return find("api_key = ?", key); }
    @Override public Optional<Token> findByUserId(String id) { return find("id = ?", Long.valueOf(id)); }

    @Override public Token getOrCreate(Token t) { // atomic: fills the slot only if it is empty
        update("api_key = ?, api_key_created = ? WHERE id = ? AND api_key IS NULL", t.key(), micros(t), Long.valueOf(t.userId()));
        return findByUserId(t.userId()).orElseThrow(() -> new TokenStoreException("no user " + t.userId()));
    }
    @Override public Token replace(Token t) {
        update("api_key = ?, api_key_created = ? WHERE id = ?", t.key(), micros(t), Long.valueOf(t.userId()));
        return Token.of(t.key(), t.userId(), micros(t).toInstant());
    }
    @Override public boolean delete(String key) { return update("api_key = NULL WHERE api_key = ?", key) > 0; }
    @Override public int deleteAllOf(String id) { return update("api_key = NULL WHERE id = ? AND api_key IS NOT NULL", Long.valueOf(id)); }

    private static Timestamp micros(Token t) { return Timestamp.from(t.created().truncatedTo(ChronoUnit.MICROS)); } // the column's precision

    private Optional<Token> find(String where, Object arg) {
        return jdbc("SELECT api_key, id, api_key_created FROM users WHERE api_key IS NOT NULL AND " + where, ps -> {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Token.of(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant())) : Optional.empty();
            }
        });
    }
    private int update(String set, Object... args) {
        return jdbc("UPDATE users SET " + set, ps -> {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        });
    }
    private interface Statement<T> { T run(PreparedStatement ps) throws SQLException; }
    private <T> T jdbc(String sql, Statement<T> body) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            return body.run(ps);
        } catch (SQLException e) {
            throw new TokenStoreException("users table: SQLState " + e.getSQLState()); // not e: its message may quote a key
        }
    }
}
