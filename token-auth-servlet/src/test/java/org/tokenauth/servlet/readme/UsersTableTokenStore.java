package org.tokenauth.servlet.readme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.SqlTokenStores;

// README: "A custom TokenStore" shows this file (ReadmeExamplesTest checks it)
/** Keeps each user's token in two columns of the application's existing {@code users} table. */
public final class UsersTableTokenStore implements TokenStore {
    private final DataSource db;

    public UsersTableTokenStore(DataSource db) { this.db = db; }

    @Override public Optional<Token> findByLookup(String key) { // a key no varchar can hold (NUL, too long) is simply unknown
        return SqlTokenStores.fitsKeyColumn(key, 40) ? find("api_key = ?", key) : Optional.empty();
    }
    @Override public List<Token> findAllOf(String id) {
        Long userId = SqlTokenStores.integerUserId(id);
        return userId == null ? List.of() : find("id = ?", userId).map(List::of).orElse(List.of());
    }

    @Override public Token getOrInsert(Token t) { // atomic: fills the slot only if it is empty
        update("api_key = ?, api_key_created = ? WHERE id = ? AND api_key IS NULL", t.lookup(), micros(t), Long.valueOf(t.userId()));
        return findAllOf(t.userId()).stream().findFirst().orElseThrow(() -> new TokenStoreException("no user " + t.userId()));
    }
    @Override public List<Token> insert(Token t, int maxPerUser) { // one per user: replace, naming the old key so racers queue
        SqlTokenStores.requireMaxPerUser(maxPerUser, 1, "users");
        while (true) {
            Optional<Token> old = findAllOf(t.userId()).stream().findFirst();
            String where = old.isPresent() ? "api_key = ?" : "api_key IS NULL";
            Object[] args = old.isPresent() ? new Object[] {t.lookup(), micros(t), Long.valueOf(t.userId()), old.get().lookup()}
                                            : new Object[] {t.lookup(), micros(t), Long.valueOf(t.userId())};
            if (update("api_key = ?, api_key_created = ? WHERE id = ? AND " + where, args) > 0) {
                return old.map(List::of).orElse(List.of());
            }
        }
    }
    @Override public boolean delete(String key) { return SqlTokenStores.fitsKeyColumn(key, 40) && update("api_key = NULL WHERE api_key = ?", key) > 0; }
    @Override public int deleteAllOf(String id) { return update("api_key = NULL WHERE id = ? AND api_key IS NOT NULL", Long.valueOf(id)); }
    @Override public boolean touch(String key, Instant lastUsed, Instant expires) { return false; } // no column for it

    @Override public int maxTokensPerUser() { return 1; }
    @Override public boolean keepsDetails() { return false; }

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
