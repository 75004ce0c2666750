package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenCheck;
import org.tokenauth.core.TokenService;

/** What the contract does not cover for {@code tokenauth_token}: configuration, limits, user-id types, hashed mode end to end. */
class JdbcTokenauthStoreTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T12:00:00.123456Z");
    private HikariDataSource pool;

    @BeforeEach
    void openDatabase() throws SQLException {
        pool = H2TestDatabase.newPool();
        SqlScripts.createTable(pool, "tokenauth_token", "h2");
    }

    @AfterEach
    void closeDatabase() {
        pool.close();
    }

    @Test
    void builderWhenBadTableOrNullThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> JdbcTokenauthStore.builder(pool).table("tokens; DROP TABLE users"));
        assertThrows(NullPointerException.class, () -> JdbcTokenauthStore.builder(null));
        assertThrows(NullPointerException.class, () -> JdbcTokenauthStore.builder(pool).userIdType(null));
    }

    @Test
    void insertWhenValuesDoNotFitTheirColumnsThenRefusedBeforeAnyWrite() {
        JdbcTokenauthStore store = new JdbcTokenauthStore(pool);

        assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of("x".repeat(129), "1", CREATED), 10));
        assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of("k1$ü", "1", CREATED), 10));
        assertThrows(IllegalArgumentException.class,
                () -> store.insert(Token.builder("k1$a", "1", CREATED).name("n".repeat(101)).build(), 10));
        assertThrows(IllegalArgumentException.class,
                () -> store.insert(Token.builder("k1$a", "1", CREATED).scopes(Set.of("s".repeat(1001))).build(), 10));
        assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of("k1$a", "not a number", CREATED), 10));
        assertEquals(List.of(), store.findAllOf("1"));
        // 100 characters of any script fit the name column.
        store.insert(Token.builder("k1$a", "1", CREATED).name("ключ".repeat(25)).build(), 10);
        assertEquals("ключ".repeat(25), store.findAllOf("1").get(0).name());
    }

    @Test
    void userIdWhenUuidColumnThenCanonicalTextOnly() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE uuid_tokens (lookup VARCHAR(128) PRIMARY KEY, user_id UUID NOT NULL, slot INTEGER NOT NULL,"
                    + " name VARCHAR(100) DEFAULT '' NOT NULL, created TIMESTAMP(6) WITH TIME ZONE NOT NULL,"
                    + " expires TIMESTAMP(6) WITH TIME ZONE, last_used TIMESTAMP(6) WITH TIME ZONE,"
                    + " scopes VARCHAR(1000) DEFAULT '' NOT NULL, UNIQUE (user_id, slot))");
        }
        JdbcTokenauthStore store = JdbcTokenauthStore.builder(pool).table("uuid_tokens")
                .userIdType(JdbcTokenStore.UserIdType.UUID).build();
        String id = UUID.randomUUID().toString();

        store.insert(Token.of("k1$b", id, CREATED), 3);

        assertEquals(id, store.findByLookup("k1$b").orElseThrow().userId());
        assertEquals(List.of(), store.findAllOf(id.toUpperCase(java.util.Locale.ROOT)));
        assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of("k1$c", "42", CREATED), 3));
    }

    @Test
    void hashedModeWhenIssuedThenTheTableHoldsOnlyDigests() throws SQLException {
        ServerSecret secret = ServerSecret.of("2026-11", new byte[32]);
        TokenService tokens = TokenService.builder(new JdbcTokenauthStore(pool)).keys(KeyMode.hashed(secret)).build();
        IssuedToken issued = tokens.issueFor("7", "laptop");

        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                var rows = s.executeQuery("SELECT lookup, name FROM tokenauth_token")) {
            assertTrue(rows.next());
            assertTrue(rows.getString(1).matches("2026-11\\$[0-9a-f]{64}"), rows.getString(1));
            assertEquals("laptop", rows.getString(2));
        }
        assertTrue(tokens.check(issued.key()) instanceof TokenCheck.Valid);
    }
}
