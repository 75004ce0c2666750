package org.tokenauth.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;

/**
 * A {@link TokenStore} on a SQL database through plain JDBC, on Django REST Framework's own table,
 * so a Java service and a Django one can share their tokens:
 *
 * <pre>
 * authtoken_token(key varchar(40) primary key, created timestamp with time zone not null,
 *                 user_id integer not null unique)
 * </pre>
 *
 * <p>Scripts that create it for H2, PostgreSQL and MySQL/MariaDB are in this jar, under
 * {@code org/tokenauth/core/sql/authtoken_token.<database>.sql}. The table name and the type of the
 * {@code user_id} column can be changed with {@link #builder(DataSource)}; the column names are
 * DRF's ({@code "key"} is quoted, as H2 reserves it).
 *
 * <p><b>User ids.</b> {@link Token#userId()} is the canonical text of the id: with
 * {@link UserIdType#INTEGER} (the default, as in Django) a decimal number without sign, leading
 * zeros or spaces ({@code "42"}); with {@link UserIdType#UUID} a lower-case UUID. An id that is not
 * in that form is refused with {@link IllegalArgumentException} when writing, and is simply not
 * found when reading.
 *
 * <p><b>Creation times</b> are stored to the microsecond, as Django stores them: tokens written
 * and returned by this store have their {@code created} truncated to microseconds.
 *
 * <p><b>Concurrency.</b> Every method is one short statement in auto-commit mode, except when
 * {@link #getOrInsert} or {@link #insert} races a concurrent writer: it then catches the
 * integrity violation (SQLState class 23, the same on every database), reads the winner's row and
 * settles on it, a few times at most. So both are atomic across threads and processes, on any
 * database, without locks or dialect-specific SQL.
 *
 * <p><b>Failures.</b> Every {@link SQLException} becomes a {@link TokenStoreException}, whose
 * message and causes never quote a key. A presented key that no row can hold (longer than the key
 * column, or containing a NUL character, which PostgreSQL refuses with an error) is not found,
 * without a query; one that the database's character set cannot hold ({@code €} in a PostgreSQL
 * database encoded {@code LATIN1}, Cyrillic in a MySQL {@code latin1} table) is not found either.
 * Writing such a key or user id is refused with {@link IllegalArgumentException}
 * ({@link SqlTokenStores#isUnrepresentable}).
 *
 * <p>Thread-safe. Holds no connection between calls; use a pooling {@link DataSource} (HikariCP).
 *
 * @since 0.1
 */
public final class JdbcTokenStore implements TokenStore {

    /** How the {@code user_id} column holds a user's id. */
    public enum UserIdType {
        /** An integer column ({@code integer} or {@code bigint}); Django's type. */
        INTEGER,
        /** A text column ({@code varchar}). */
        STRING,
        /** A native {@code uuid} column (PostgreSQL, H2); for a {@code char(36)} column use {@link #STRING}. */
        UUID
    }

    /** Django REST Framework's table name. */
    public static final String DEFAULT_TABLE = "authtoken_token";

    /** The length of DRF's {@code key} column: {@code varchar(40)}. */
    public static final int DEFAULT_KEY_LENGTH = 40;

    /** Tries of a write that keeps losing races before it gives up; one retry settles nearly all. */
    private static final int MAX_ATTEMPTS = 5;

    /**
     * Rounds of a replace whose compare-and-set keeps finding the row replaced by another writer.
     * Each lost round means another replace succeeded, so n racers need n rounds at most.
     */
    private static final int MAX_REPLACE_ROUNDS = 100;

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final DataSource dataSource;
    private final String table;
    private final UserIdType userIdType;
    private final int keyLength;

    /** The statements, made on first use, when the database has told how it quotes "key". */
    private volatile Statements statements;

    /**
     * A store on Django's table, {@code authtoken_token}, with integer user ids.
     *
     * @param dataSource where the table is
     * @throws NullPointerException if {@code dataSource} is {@code null}
     */
    public JdbcTokenStore(DataSource dataSource) {
        this(builder(dataSource));
    }

    private JdbcTokenStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.userIdType = builder.userIdType;
        this.keyLength = builder.keyLength;
    }

    /**
     * Returns a builder for a store on another table name, user-id type or key length.
     *
     * @param dataSource where the table is
     * @return a builder with Django's settings
     * @throws NullPointerException if {@code dataSource} is {@code null}
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (!SqlTokenStores.fitsKeyColumn(lookup, keyLength)) {
            return Optional.empty();
        }
        try (JdbcSession session = new JdbcSession(dataSource)) {
            return selectByKey(session.connection, lookup);
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return Optional.empty(); // no row can hold it (€ in a LATIN1 database)
            }
            throw failure("could not look up a token by key", e, lookup);
        }
    }

    @Override
    public List<Token> findAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        Object id = userIdParameter(userId);
        if (id == null) {
            return List.of();
        }
        try (JdbcSession session = new JdbcSession(dataSource)) {
            return selectByUser(session.connection, id).map(List::of).orElse(List.of());
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return List.of();
            }
            throw failure("could not look up the token of user " + userId, e, null);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The table keeps the key, the owner and the creation time: a name, expiry or scopes of the
     * candidate are not stored, and the token returned has none.
     *
     * @throws IllegalArgumentException if the candidate's key is longer than the key column, or
     *                                  its user id is not the canonical text of this store's
     *                                  {@link UserIdType}
     */
    @Override
    public Token getOrInsert(Token candidate) {
        Token wanted = storable(candidate);
        Object userId = requireUserId(wanted.userId());
        SQLException lost = null;
        try (JdbcSession session = new JdbcSession(dataSource)) {
            Connection connection = session.connection;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<Token> existing = selectByUser(connection, userId);
                if (existing.isPresent()) {
                    return existing.get();
                }
                try {
                    insert(connection, wanted, userId);
                    return wanted;
                } catch (SQLException e) {
                    if (!SqlTokenStores.isConstraintViolation(e) && !SqlTokenStores.isTransient(e)) {
                        throw e;
                    }
                    lost = e;
                }
                // A concurrent caller stored the user's token first (take it), or the key is taken.
                existing = selectByUser(connection, userId);
                if (existing.isPresent()) {
                    return existing.get();
                }
                requireKeyNotTaken(connection, wanted);
            }
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                throw SqlTokenStores.unrepresentable("could not store the token of user " + wanted.userId(), e, wanted.lookup());
            }
            throw failure("could not get or create the token of user " + wanted.userId(), e, wanted.lookup());
        }
        throw failure("could not create the token of user " + wanted.userId() + " after " + MAX_ATTEMPTS
                + " attempts", lost, wanted.lookup());
    }

    /**
     * {@inheritDoc}
     *
     * <p>DRF's table holds one token per user, so {@code maxPerUser} must be 1: the user's row, if
     * any, gets the new key and time in one {@code UPDATE} that names the old key, so concurrent
     * replaces queue on the row and each evicted token is reported once.
     *
     * @throws IllegalArgumentException if {@code maxPerUser} is not 1, the key is longer than the
     *                                  key column, or the user id is not the canonical text of
     *                                  this store's {@link UserIdType}
     */
    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        SqlTokenStores.requireMaxPerUser(maxPerUser, 1, table);
        Token wanted = storable(token);
        Object userId = requireUserId(wanted.userId());
        SQLException lost = null;
        int failures = 0;
        try (JdbcSession session = new JdbcSession(dataSource)) {
            Connection connection = session.connection;
            for (int round = 0; round < MAX_REPLACE_ROUNDS && failures < MAX_ATTEMPTS; round++) {
                try {
                    Optional<Token> old = selectByUser(connection, userId);
                    if (old.isEmpty()) {
                        insert(connection, wanted, userId);
                        return List.of();
                    }
                    if (update(connection, wanted, userId, old.get().lookup()) == 1) {
                        return List.of(old.get());
                    }
                    // Replaced meanwhile by a concurrent writer: try again on its row.
                } catch (SQLException e) {
                    if (!SqlTokenStores.isConstraintViolation(e) && !SqlTokenStores.isTransient(e)) {
                        throw e;
                    }
                    lost = e;
                    failures++;
                    // Another token has the key, or a concurrent writer inserted this user's row.
                    requireKeyNotTaken(connection, wanted);
                }
            }
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                throw SqlTokenStores.unrepresentable("could not store the token of user " + wanted.userId(), e, wanted.lookup());
            }
            throw failure("could not replace the token of user " + wanted.userId(), e, wanted.lookup());
        }
        throw failure("could not replace the token of user " + wanted.userId() + ": it kept losing races to "
                + "concurrent writers", lost, wanted.lookup());
    }

    @Override
    public boolean delete(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (!SqlTokenStores.fitsKeyColumn(lookup, keyLength)) {
            return false;
        }
        try (JdbcSession session = new JdbcSession(dataSource)) {
            // Only the exact key: a case-insensitive collation (MySQL's default) would delete "ABC…" for "abc…".
            if (selectByKey(session.connection, lookup).isEmpty()) {
                return false;
            }
            try (PreparedStatement statement = prepare(session, Statements::deleteByKey)) {
                statement.setString(1, lookup);
                return statement.executeUpdate() > 0;
            }
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return false;
            }
            throw failure("could not delete a token by key", e, lookup);
        }
    }

    @Override
    public int deleteAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        Object id = userIdParameter(userId);
        if (id == null) {
            return 0;
        }
        try (JdbcSession session = new JdbcSession(dataSource); PreparedStatement statement = prepare(session, Statements::deleteByUser)) {
            statement.setObject(1, id);
            return statement.executeUpdate();
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return 0;
            }
            throw failure("could not delete the tokens of user " + userId, e, null);
        }
    }

    /** DRF's table keeps no last use and no expiry: nothing to record. */
    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(lastUsed, "lastUsed");
        return false;
    }

    /** {@return 1: DRF's {@code user_id} column is unique} */
    @Override
    public int maxTokensPerUser() {
        return 1;
    }

    /** {@return {@code false}: DRF's table keeps a key, an owner and a creation time} */
    @Override
    public boolean keepsDetails() {
        return false;
    }

    private Token storable(Token token) {
        return SqlTokenStores.drfRow(token, table, keyLength);
    }

    private Optional<Token> selectByKey(Connection connection, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statements(connection).selectByKey)) {
            statement.setString(1, key);
            Optional<Token> token = readOne(statement);
            // Exact, whatever the column's collation: MySQL's default ignores case and trailing spaces.
            return token.filter(found -> SqlTokenStores.sameLookup(found.lookup(), key));
        }
    }

    private Optional<Token> selectByUser(Connection connection, Object userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statements(connection).selectByUser)) {
            statement.setObject(1, userId);
            return readOne(statement);
        }
    }

    private void insert(Connection connection, Token token, Object userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statements(connection).insert)) {
            statement.setString(1, token.lookup());
            statement.setObject(2, JdbcSession.timestamp(token.created()));
            statement.setObject(3, userId);
            statement.executeUpdate();
        }
    }

    private int update(Connection connection, Token token, Object userId, String oldKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statements(connection).updateByUserAndKey)) {
            statement.setString(1, token.lookup());
            statement.setObject(2, JdbcSession.timestamp(token.created()));
            statement.setObject(3, userId);
            statement.setString(4, oldKey);
            return statement.executeUpdate();
        }
    }

    private void requireKeyNotTaken(Connection connection, Token wanted) throws SQLException {
        if (selectByKey(connection, wanted.lookup()).isPresent()) {
            throw new TokenStoreException("key " + wanted.fingerprint() + " already belongs to another token");
        }
    }

    private Optional<Token> readOne(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(Token.of(rows.getString(1), JdbcSession.userId(userIdType, rows, 2), JdbcSession.instant(rows, 3)));
        }
    }

    private Object requireUserId(String userId) {
        return JdbcSession.requireUserId(userIdType, userId);
    }

    private Object userIdParameter(String userId) {
        return JdbcSession.userIdParameter(userIdType, userId);
    }

    private Statements statements(Connection connection) throws SQLException {
        Statements current = statements;
        if (current == null) {
            String quote = connection.getMetaData().getIdentifierQuoteString();
            // A blank quote string means the database does not quote identifiers.
            current = new Statements(table, quote == null || quote.isBlank() ? "key" : quote + "key" + quote);
            statements = current;
        }
        return current;
    }

    private static TokenStoreException failure(String what, SQLException cause, String key) {
        return JdbcSession.failure(what, cause, key);
    }

    @Override
    public String toString() {
        return "JdbcTokenStore[table=" + table + ", userIdType=" + userIdType + ", keyLength=" + keyLength + "]";
    }

    private PreparedStatement prepare(JdbcSession session, Function<Statements, String> sql) throws SQLException {
        return session.connection.prepareStatement(sql.apply(statements(session.connection)));
    }

    /** The SQL of each operation, for one table and one quoting of {@code key}. */
    private static final class Statements {

        private final String selectByKey;
        private final String selectByUser;
        private final String insert;
        private final String updateByUserAndKey;
        private final String deleteByKey;
        private final String deleteByUser;

        Statements(String table, String key) {
            String columns = key + ", user_id, created";
            selectByKey = "SELECT " + columns + " FROM " + table + " WHERE " + key + " = ?";
            selectByUser = "SELECT " + columns + " FROM " + table + " WHERE user_id = ?";
            insert = "INSERT INTO " + table + " (" + key + ", created, user_id) VALUES (?, ?, ?)";
            updateByUserAndKey = "UPDATE " + table + " SET " + key + " = ?, created = ? WHERE user_id = ? AND " + key + " = ?";
            deleteByKey = "DELETE FROM " + table + " WHERE " + key + " = ?";
            deleteByUser = "DELETE FROM " + table + " WHERE user_id = ?";
        }

        String deleteByKey() {
            return deleteByKey;
        }

        String deleteByUser() {
            return deleteByUser;
        }
    }

    /**
     * Configures a {@link JdbcTokenStore} whose table differs from Django's.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private UserIdType userIdType = UserIdType.INTEGER;
        private int keyLength = DEFAULT_KEY_LENGTH;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Sets the table name.
         *
         * @param table a plain SQL name, optionally with a schema ({@code tokens.authtoken_token});
         *              it is not quoted, so the database folds its case as usual
         * @return this builder
         * @throws IllegalArgumentException if {@code table} is not letters, digits and underscores
         *                                  (with one optional dot), starting with a letter or
         *                                  underscore
         */
        public Builder table(String table) {
            Objects.requireNonNull(table, "table");
            if (!TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be a plain SQL name like authtoken_token or "
                        + "schema.authtoken_token (letters, digits, underscores), but was '" + table + "'");
            }
            this.table = table;
            return this;
        }

        /**
         * Sets how the {@code user_id} column holds ids; {@link UserIdType#INTEGER} by default.
         *
         * @param userIdType the column's kind
         * @return this builder
         */
        public Builder userIdType(UserIdType userIdType) {
            this.userIdType = Objects.requireNonNull(userIdType, "userIdType");
            return this;
        }

        /**
         * Sets the length of the {@code key} column, for keys longer than DRF's 40 characters
         * (e.g. {@code TokenGenerator.secureRandomHex(32)} makes 64).
         *
         * @param keyLength the column's length in characters
         * @return this builder
         * @throws IllegalArgumentException if {@code keyLength} is under 32 (a key needs 128 bits)
         */
        public Builder keyLength(int keyLength) {
            if (keyLength < 32) {
                throw new IllegalArgumentException("keyLength must be at least 32 (128 bits of hex), but was " + keyLength);
            }
            this.keyLength = keyLength;
            return this;
        }

        /**
         * Builds the store. Touches no database: the table is first used by the first call.
         *
         * @return the store
         */
        public JdbcTokenStore build() {
            return new JdbcTokenStore(this);
        }
    }
}
