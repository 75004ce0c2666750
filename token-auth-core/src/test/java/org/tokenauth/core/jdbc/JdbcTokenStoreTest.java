package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenGenerator;
import org.tokenauth.core.TokenStoreException;

/** What the contract does not cover: configuration, user-id types, limits, on real H2 databases. */
class JdbcTokenStoreTest {

    private static final Instant CREATED = Instant.parse("2026-11-28T12:00:00.123456Z");

    private final TokenGenerator keys = TokenGenerator.secureRandomHex();
    private HikariDataSource pool;

    @BeforeEach
    void openDatabase() {
        pool = H2TestDatabase.newPool();
    }

    @AfterEach
    void closeDatabase() {
        pool.close();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1tokens", "tokens; DROP TABLE users", "a.b.c", "\"quoted\"", "to-kens", "tokens ", "."})
    void tableWhenNotAPlainNameThenRefused(String table) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcTokenStore.builder(pool).table(table));
        assertTrue(e.getMessage().contains("table must be a plain SQL name"), e.getMessage());
    }

    @Test
    void builderWhenNullOrTooShortKeyColumnThenRefused() {
        assertThrows(NullPointerException.class, () -> JdbcTokenStore.builder(null));
        assertThrows(NullPointerException.class, () -> new JdbcTokenStore(null));
        assertThrows(NullPointerException.class, () -> JdbcTokenStore.builder(pool).userIdType(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdbcTokenStore.builder(pool).keyLength(31));
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
    }

    @Test
    void buildWhenDatabaseUnreachableThenNoErrorUntilFirstUse() {
        pool.close();

        JdbcTokenStore store = new JdbcTokenStore(pool);

        assertThrows(TokenStoreException.class, () -> store.findAllOf("1"));
    }

    @Test
    void userIdWhenIntegerTypeAndNotCanonicalDecimalThenRefusedOnWriteAndNotFoundOnRead() throws SQLException {
        SqlScripts.createTokenTable(pool, "h2");
        JdbcTokenStore store = new JdbcTokenStore(pool);
        store.getOrInsert(Token.of(keys.generate(), "7", CREATED));

        for (String id : new String[] {"007", "+7", "7.0", "seven", "0x7", "99999999999999999999", "-0"}) {
            assertEquals(List.of(), store.findAllOf(id), id);
            assertEquals(0, store.deleteAllOf(id), id);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.getOrInsert(Token.of(keys.generate(), id, CREATED)), id);
            assertTrue(e.getMessage().contains("decimal"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of(keys.generate(), id, CREATED), 1), id);
        }
        assertTrue(!store.findAllOf("7").isEmpty());
    }

    @Test
    void userIdTypeWhenStringThenAnyTextIdOnACustomTable() throws SQLException {
        execute("CREATE SCHEMA api");
        execute("CREATE TABLE api.tokens (\"key\" VARCHAR(40) PRIMARY KEY, created TIMESTAMP(6) WITH TIME ZONE NOT NULL, "
                + "user_id VARCHAR(150) NOT NULL UNIQUE)");
        JdbcTokenStore store = JdbcTokenStore.builder(pool).table("api.tokens").userIdType(JdbcTokenStore.UserIdType.STRING).build();

        Token alice = store.getOrInsert(Token.of(keys.generate(), "alice@example.com", CREATED));
        Token bob = store.getOrInsert(Token.of(keys.generate(), "Bob", CREATED));

        assertEquals(Optional.of(alice), store.findByLookup(alice.lookup()));
        assertEquals(List.of(bob), store.findAllOf("Bob"));
        assertEquals(List.of(), store.findAllOf("bob"));
        assertEquals(List.of(), store.findAllOf("Bob\0"));
        assertEquals(1, store.deleteAllOf("alice@example.com"));
        assertEquals("JdbcTokenStore[table=api.tokens, userIdType=STRING, keyLength=40]", store.toString());
    }

    @Test
    void userIdTypeWhenUuidThenCanonicalLowerCaseText() throws SQLException {
        execute("CREATE TABLE authtoken_token (\"key\" VARCHAR(40) PRIMARY KEY, created TIMESTAMP(6) WITH TIME ZONE NOT NULL, "
                + "user_id UUID NOT NULL UNIQUE)");
        JdbcTokenStore store = JdbcTokenStore.builder(pool).userIdType(JdbcTokenStore.UserIdType.UUID).build();
        String id = UUID.randomUUID().toString();

        Token token = store.getOrInsert(Token.of(keys.generate(), id, CREATED));

        assertEquals(id, store.findByLookup(token.lookup()).orElseThrow().userId());
        assertEquals(List.of(token), store.findAllOf(id));
        assertEquals(List.of(), store.findAllOf(id.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(List.of(), store.findAllOf("not-a-uuid"));
        assertThrows(IllegalArgumentException.class, () -> store.getOrInsert(Token.of(keys.generate(), "42", CREATED)));
    }

    @Test
    void keyLengthWhenLongerKeysConfiguredThenStoredAndLongerOnesRefused() throws SQLException {
        execute("CREATE TABLE authtoken_token (\"key\" VARCHAR(64) PRIMARY KEY, created TIMESTAMP(6) WITH TIME ZONE NOT NULL, "
                + "user_id INTEGER NOT NULL UNIQUE)");
        JdbcTokenStore wide = JdbcTokenStore.builder(pool).keyLength(64).build();
        JdbcTokenStore drf = new JdbcTokenStore(pool);
        String longKey = TokenGenerator.secureRandomHex(32).generate();

        Token token = wide.getOrInsert(Token.of(longKey, "1", CREATED));

        assertEquals(Optional.of(token), wide.findByLookup(longKey));
        assertEquals(Optional.empty(), drf.findByLookup(longKey), "a 40-character store never queries a 64-character key");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> drf.getOrInsert(Token.of(longKey, "2", CREATED)));
        assertTrue(e.getMessage().contains("at most 40"), e.getMessage());
        assertFalse(e.getMessage().contains(longKey), e.getMessage());
    }

    @Test
    void writesWhenPoolDefaultsToManualCommitThenStillCommitted() throws SQLException {
        pool.close();
        HikariConfig manualCommit = H2TestDatabase.config("");
        manualCommit.setAutoCommit(false);
        pool = new HikariDataSource(manualCommit);
        SqlScripts.createTokenTable(pool, "h2");
        try (Connection connection = pool.getConnection()) {
            connection.commit();
        }
        JdbcTokenStore store = new JdbcTokenStore(pool);

        Token token = store.getOrInsert(Token.of(keys.generate(), "1", CREATED));
        Token fresh = Token.of(keys.generate(), "2", CREATED);
        store.insert(fresh, 1);

        // Seen from a connection of its own, outside the pool: the rows were committed.
        try (Connection other = java.sql.DriverManager.getConnection(pool.getJdbcUrl());
             Statement statement = other.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM authtoken_token")) {
            rows.next();
            assertEquals(2, rows.getInt(1));
        }
        assertTrue(store.delete(token.lookup()));
        assertEquals(1, store.deleteAllOf(fresh.userId()));
        try (Connection connection = pool.getConnection()) {
            assertFalse(connection.getAutoCommit(), "the pool's setting is put back");
        }
    }

    /** H2's MySQL mode checks the script's syntax and the store's SQL; it is not MySQL itself. */
    @Test
    void mysqlScriptWhenAppliedThenTheStoreWorks() throws SQLException {
        try (HikariDataSource mysql = H2TestDatabase.newPool(";MODE=MySQL;DATABASE_TO_LOWER=TRUE")) {
            SqlScripts.createTokenTable(mysql, "mysql");
            JdbcTokenStore store = new JdbcTokenStore(mysql);

            Token token = store.getOrInsert(Token.of(keys.generate(), "1", CREATED));

            assertEquals(Optional.of(token), store.findByLookup(token.lookup()));
            assertEquals(CREATED, token.created());
        }
    }

    @Test
    void scriptsWhenAppliedTwiceThenNoError() throws SQLException {
        SqlScripts.createTokenTable(pool, "h2");
        SqlScripts.createTokenTable(pool, "h2");
    }
}
