package org.tokenauth.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.JdbcTokenStore.UserIdType;

/**
 * A {@link TokenStore} on token-auth's own table through plain JDBC: many named tokens per user,
 * keys hashed at rest, expiry, last use and scopes.
 *
 * <pre>
 * tokenauth_token(lookup varchar(128) primary key, user_id bigint not null, slot integer not null,
 *                 name varchar(100), created, expires, last_used timestamp with time zone,
 *                 scopes varchar(1000), unique (user_id, slot))
 * </pre>
 *
 * <p>Scripts that create it for H2, PostgreSQL and MySQL/MariaDB are in this jar, under
 * {@code org/tokenauth/core/sql/tokenauth_token.<database>.sql}. The table name and the type of
 * the {@code user_id} column can be changed with {@link #builder(DataSource)}.
 *
 * <p><b>The cap, across processes.</b> Each token holds one of its user's <em>slots</em>, from 0
 * to the cap less one, and {@code (user_id, slot)} is unique. {@link #insert} locks the user's
 * rows ({@code SELECT … FOR UPDATE}), deletes the least recently used beyond the cap and takes a
 * free slot, in one transaction; a concurrent insert that took the same slot first makes it try
 * again. So a user never holds more tokens than the cap, on any database, without dialect-specific
 * SQL. {@link #getOrInsert} takes slot 0.
 *
 * <p><b>Values.</b> Lookup values are ASCII, at most 128 characters (a hashed-mode digest is 67);
 * any other presented value is not found, without a query. Names are at most 100 characters,
 * scopes are kept space-separated in at most 1,000; instants are kept to the microsecond.
 *
 * <p><b>Failures.</b> Every {@link SQLException} becomes a {@link TokenStoreException}, whose
 * message and causes never quote a lookup value, except one: a name, scopes or text user id that
 * the database's character set cannot hold ({@code €} in a database encoded {@code LATIN1}, in a
 * MySQL {@code latin1} table) are refused with {@link IllegalArgumentException} when written
 * (never stored altered: MySQL must run in its default strict mode, where such a value is an
 * error rather than a {@code ?}), and not found when read.
 *
 * <p>Thread-safe. Holds no connection between calls; use a pooling {@link DataSource} (HikariCP).
 *
 * @since 0.1
 */
public final class JdbcTokenauthStore implements TokenStore {

    /** The table's default name. */
    public static final String DEFAULT_TABLE = "tokenauth_token";

    /** Tries of a write that keeps losing races; each lost try means another writer succeeded. */
    private static final int MAX_ROUNDS = 100;

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final String COLUMNS = "lookup, user_id, name, created, expires, last_used, scopes, slot";

    private final DataSource dataSource;
    private final String table;
    private final UserIdType userIdType;

    private JdbcTokenauthStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.table = builder.table;
        this.userIdType = builder.userIdType;
    }

    /**
     * A store on {@code tokenauth_token} with integer user ids.
     *
     * @param dataSource where the table is
     * @throws NullPointerException if {@code dataSource} is {@code null}
     */
    public JdbcTokenauthStore(DataSource dataSource) {
        this(builder(dataSource));
    }

    /**
     * Returns a builder for a store on another table name or user-id type.
     *
     * @param dataSource where the table is
     * @return a builder with the defaults
     * @throws NullPointerException if {@code dataSource} is {@code null}
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** A row: the token and the slot it holds. */
    private record Row(Token token, int slot) {
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        return findByAnyLookup(List.of(Objects.requireNonNull(lookup, "lookup")));
    }

    /** One query, {@code WHERE lookup IN (…)}, whatever the number of values. */
    @Override
    public Optional<Token> findByAnyLookup(List<String> lookups) {
        List<String> possible = SqlTokenStores.fittingLookups(lookups);
        if (possible.isEmpty()) {
            return Optional.empty();
        }
        String marks = String.join(", ", Collections.nCopies(possible.size(), "?"));
        try (JdbcSession session = new JdbcSession(dataSource);
                PreparedStatement statement = session.connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM " + table + " WHERE lookup IN (" + marks + ")")) {
            for (int i = 0; i < possible.size(); i++) {
                statement.setString(i + 1, possible.get(i));
            }
            return SqlTokenStores.firstAsked(possible, read(statement).stream().map(Row::token).toList());
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return Optional.empty();
            }
            throw JdbcSession.failure("could not look up a token", e, possible.get(0));
        }
    }

    @Override
    public List<Token> findAllOf(String userId) {
        Object id = JdbcSession.userIdParameter(userIdType, Objects.requireNonNull(userId, "userId"));
        if (id == null) {
            return List.of();
        }
        try (JdbcSession session = new JdbcSession(dataSource)) {
            return tokens(selectByUser(session.connection, id, false));
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return List.of(); // a text user id the database's character set cannot hold
            }
            throw JdbcSession.failure("could not list the tokens of user " + userId, e, null);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the token's lookup value, name or scopes do not fit
     *                                  their columns, or its user id is not the canonical text of
     *                                  this store's {@link UserIdType}
     */
    @Override
    public Token getOrInsert(Token candidate) {
        Token wanted = SqlTokenStores.storableWithDetails(candidate, table);
        Object userId = JdbcSession.requireUserId(userIdType, wanted.userId());
        SQLException lost = null;
        try (JdbcSession session = new JdbcSession(dataSource)) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                List<Token> existing = tokens(selectByUser(session.connection, userId, false));
                if (!existing.isEmpty()) {
                    return SqlTokenStores.mostRecentlyCreated(existing);
                }
                try {
                    insertRow(session.connection, wanted, userId, 0);
                    return wanted;
                } catch (SQLException e) {
                    lost = settleLostRace(session.connection, e, wanted);
                }
            }
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                throw SqlTokenStores.unrepresentable("could not store a token of user " + wanted.userId(), e, wanted.lookup());
            }
            throw JdbcSession.failure("could not get or create the token of user " + wanted.userId(), e, wanted.lookup());
        }
        throw JdbcSession.failure("could not create the token of user " + wanted.userId()
                + ": it kept losing races to concurrent writers", lost, wanted.lookup());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code maxPerUser} is under 1, the token's lookup value,
     *                                  name or scopes do not fit their columns, or its user id is
     *                                  not the canonical text of this store's {@link UserIdType}
     */
    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        SqlTokenStores.requireMaxPerUser(maxPerUser, Integer.MAX_VALUE, table);
        Token wanted = SqlTokenStores.storableWithDetails(token, table);
        Object userId = JdbcSession.requireUserId(userIdType, wanted.userId());
        SQLException lost = null;
        try (JdbcSession session = new JdbcSession(dataSource)) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                try {
                    return session.inTransaction(connection -> {
                        List<Row> mine = selectByUser(connection, userId, true);
                        mine.sort((a, b) -> MOST_RECENTLY_USED_FIRST.compare(a.token(), b.token()));
                        List<Token> evicted = new ArrayList<>();
                        BitSet taken = new BitSet();
                        for (int i = 0; i < mine.size(); i++) {
                            if (i < maxPerUser - 1) {
                                taken.set(mine.get(i).slot());
                            } else {
                                evicted.add(mine.get(i).token());
                            }
                        }
                        delete(connection, evicted);
                        insertRow(connection, wanted, userId, taken.nextClearBit(0));
                        return evicted;
                    });
                } catch (SQLException e) {
                    lost = settleLostRace(session.connection, e, wanted);
                }
            }
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                throw SqlTokenStores.unrepresentable("could not store a token of user " + wanted.userId(), e, wanted.lookup());
            }
            throw JdbcSession.failure("could not insert a token of user " + wanted.userId(), e, wanted.lookup());
        }
        throw JdbcSession.failure("could not insert a token of user " + wanted.userId()
                + ": it kept losing races to concurrent writers", lost, wanted.lookup());
    }

    @Override
    public boolean delete(String lookup) {
        Optional<Token> token = findByLookup(lookup); // exact, whatever the collation
        if (token.isEmpty()) {
            return false;
        }
        try (JdbcSession session = new JdbcSession(dataSource)) {
            return delete(session.connection, List.of(token.get())) > 0;
        } catch (SQLException e) {
            throw JdbcSession.failure("could not delete a token", e, lookup);
        }
    }

    @Override
    public int deleteAllOf(String userId) {
        Object id = JdbcSession.userIdParameter(userIdType, Objects.requireNonNull(userId, "userId"));
        if (id == null) {
            return 0;
        }
        try (JdbcSession session = new JdbcSession(dataSource);
                PreparedStatement statement = session.connection.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
            statement.setObject(1, id);
            return statement.executeUpdate();
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return 0;
            }
            throw JdbcSession.failure("could not delete the tokens of user " + userId, e, null);
        }
    }

    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(lastUsed, "lastUsed");
        if (!SqlTokenStores.fitsLookupColumn(lookup)) {
            return false;
        }
        String sql = "UPDATE " + table + " SET last_used = ?" + (expires == null ? "" : ", expires = ?") + " WHERE lookup = ?";
        try (JdbcSession session = new JdbcSession(dataSource);
                PreparedStatement statement = session.connection.prepareStatement(sql)) {
            int i = 1;
            statement.setObject(i++, JdbcSession.timestamp(lastUsed.truncatedTo(ChronoUnit.MICROS)));
            if (expires != null) {
                statement.setObject(i++, JdbcSession.timestamp(expires.truncatedTo(ChronoUnit.MICROS)));
            }
            statement.setString(i, lookup);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw JdbcSession.failure("could not record the use of a token", e, lookup);
        }
    }

    private List<Row> selectByUser(Connection connection, Object userId, boolean lock) throws SQLException {
        // Locked in lookup order, so that concurrent inserts queue rather than deadlock.
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE user_id = ?" + (lock ? " ORDER BY lookup FOR UPDATE" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, userId);
            return read(statement);
        }
    }

    private List<Row> read(PreparedStatement statement) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                String scopes = result.getString(7);
                Token token = Token.builder(result.getString(1), JdbcSession.userId(userIdType, result, 2),
                                JdbcSession.instant(result, 4))
                        .name(result.getString(3))
                        .expires(JdbcSession.instant(result, 5))
                        .lastUsed(JdbcSession.instant(result, 6))
                        .scopes(scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")))
                        .build();
                rows.add(new Row(token, result.getInt(8)));
            }
        }
        return rows;
    }

    private void insertRow(Connection connection, Token token, Object userId, int slot) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, token.lookup());
            statement.setObject(2, userId);
            statement.setString(3, token.name());
            statement.setObject(4, JdbcSession.timestamp(token.created()));
            statement.setObject(5, JdbcSession.timestamp(token.expires().orElse(null)));
            statement.setObject(6, JdbcSession.timestamp(token.lastUsed().orElse(null)));
            statement.setString(7, String.join(" ", token.scopes()));
            statement.setInt(8, slot);
            statement.executeUpdate();
        }
    }

    private int delete(Connection connection, List<Token> tokens) throws SQLException {
        int deleted = 0;
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE lookup = ?")) {
            for (Token token : tokens) {
                statement.setString(1, token.lookup());
                deleted += statement.executeUpdate();
            }
        }
        return deleted;
    }

    /**
     * A write refused by a constraint or lost to a concurrent one is tried again, unless its
     * lookup value belongs to another token; any other failure is an outage.
     */
    private SQLException settleLostRace(Connection connection, SQLException e, Token wanted) throws SQLException {
        if (!SqlTokenStores.isConstraintViolation(e) && !SqlTokenStores.isTransient(e)) {
            throw e;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE lookup = ?")) {
            statement.setString(1, wanted.lookup());
            for (Row row : read(statement)) {
                if (SqlTokenStores.sameLookup(row.token().lookup(), wanted.lookup())) {
                    throw new TokenStoreException("lookup value " + wanted.fingerprint() + " already belongs to another token");
                }
            }
        }
        return e;
    }

    private static List<Token> tokens(List<Row> rows) {
        List<Token> tokens = new ArrayList<>(rows.size());
        for (Row row : rows) {
            tokens.add(row.token());
        }
        tokens.sort(MOST_RECENTLY_USED_FIRST);
        return List.copyOf(tokens);
    }

    @Override
    public String toString() {
        return "JdbcTokenauthStore[table=" + table + ", userIdType=" + userIdType + "]";
    }

    /**
     * Configures a {@link JdbcTokenauthStore}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private UserIdType userIdType = UserIdType.INTEGER;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Sets the table name.
         *
         * @param table a plain SQL name, optionally with a schema; not quoted
         * @return this builder
         * @throws IllegalArgumentException if {@code table} is not letters, digits and underscores
         *                                  (with one optional dot), starting with a letter or
         *                                  underscore
         */
        public Builder table(String table) {
            Objects.requireNonNull(table, "table");
            if (!TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be a plain SQL name like tokenauth_token or "
                        + "schema.tokenauth_token (letters, digits, underscores), but was '" + table + "'");
            }
            this.table = table;
            return this;
        }

        /**
         * Sets how the {@code user_id} column holds ids; {@link UserIdType#INTEGER} by default
         * (the shipped scripts make it {@code bigint}).
         *
         * @param userIdType the column's kind
         * @return this builder
         */
        public Builder userIdType(UserIdType userIdType) {
            this.userIdType = Objects.requireNonNull(userIdType, "userIdType");
            return this;
        }

        /**
         * Builds the store. Touches no database: the table is first used by the first call.
         *
         * @return the store
         */
        public JdbcTokenauthStore build() {
            return new JdbcTokenauthStore(this);
        }
    }
}
