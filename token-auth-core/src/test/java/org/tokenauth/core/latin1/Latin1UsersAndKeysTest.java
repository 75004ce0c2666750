package org.tokenauth.core.latin1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenGenerator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.jdbc.DjangoUsers;
import org.tokenauth.core.jdbc.JdbcTokenStore;

/**
 * Issue 11, item 3, end to end on a Latin-1 database (a PostgreSQL database {@code ENCODING
 * 'LATIN1'} made and dropped here; MariaDB tables in {@code latin1}), as an old Django database may
 * be: {@code Authorization: Token €€€} is an invalid token, the username {@code €} an unknown user
 * (both were a {@code TokenStoreException}, so a 503), and a text user id the table cannot hold
 * is not found when read and refused when written.
 */
class Latin1UsersAndKeysTest {

    private static final String PASSWORD = "correct horse";

    private ExternalTestDatabase latin1;
    private HikariDataSource pool;
    private String schema;

    private void open(String server) throws SQLException {
        ExternalTestDatabase database = "mariadb".equals(server) ? ExternalTestDatabase.MARIADB : ExternalTestDatabase.POSTGRES;
        latin1 = database.createLatin1Database("tokenauth_latin1");
        schema = latin1.createSchema("tokenauth_users");
        pool = latin1.dataSource(schema);
        ExternalStoreContract.createTable(pool, latin1, "authtoken_token");
        String charset = latin1.isMariaDb() ? " DEFAULT CHARSET = latin1" : "";
        execute("CREATE TABLE auth_user (id INTEGER PRIMARY KEY, username VARCHAR(150) NOT NULL UNIQUE, "
                + "password VARCHAR(128) NOT NULL, is_active BOOLEAN NOT NULL)" + charset);
        execute("CREATE TABLE text_tokens (" + (latin1.isMariaDb() ? "`key`" : "\"key\"") + " VARCHAR(40) PRIMARY KEY, "
                + "created TIMESTAMP" + (latin1.isMariaDb() ? "(6)" : "(6) WITH TIME ZONE") + " NOT NULL, "
                + "user_id VARCHAR(150) NOT NULL UNIQUE)" + charset);
    }

    @AfterEach
    void drop() throws SQLException {
        if (pool != null) {
            pool.close();
        }
        if (latin1 != null) {
            latin1.dropSchema(schema); // on MariaDB, a database of its own
            latin1.dropDatabase();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void addUser(int id, String username, String hash) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO auth_user VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, username);
            insert.setString(3, hash);
            insert.setBoolean(4, true);
            insert.executeUpdate();
        }
    }

    /** The header as a container hands it over: the UTF-8 bytes read as ISO-8859-1. */
    private static String header(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void authenticateWhenKeyOutsideTheCharacterSetThenInvalidTokenNotAnOutage(String server) throws SQLException {
        open(server);
        Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);
        addUser(1, "josé", hasher.hash(PASSWORD));
        DjangoUsers users = new DjangoUsers(pool, "auth_user", hasher);
        TokenService tokens = new TokenService(new JdbcTokenStore(pool));
        String key = tokens.issueFor("1").key();
        TokenAuthenticator authenticator = new TokenAuthenticator(tokens, users, TokenAuthenticator.DEFAULT_KEYWORD);

        for (String odd : List.of("€€€", "ключ", key.substring(0, 39) + "€")) {
            Authentication answer = authenticator.authenticate(header("Token " + odd));
            assertInstanceOf(Authentication.Rejected.class, answer, odd);
            assertEquals(Authentication.Failure.INVALID_TOKEN, ((Authentication.Rejected) answer).failure(), odd);
        }
        assertInstanceOf(Authentication.Authenticated.class, authenticator.authenticate("Token " + key));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void verifyWhenUsernameOutsideTheCharacterSetThenUnknownUserNotAnOutage(String server) throws SQLException {
        open(server);
        Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);
        addUser(1, "josé", hasher.hash(PASSWORD));
        DjangoUsers users = new DjangoUsers(pool, "auth_user", hasher);

        for (String odd : List.of("€", "ключ", "jos€", "🔑")) {
            assertEquals(Optional.empty(), users.verify(odd, PASSWORD), odd);
            assertEquals(Optional.empty(), users.findByUsername(odd), odd);
        }
        assertEquals("josé", users.verify("josé", PASSWORD).orElseThrow().username(), "Latin-1 usernames still log in");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void textUserIdOutsideTheCharacterSetThenNotFoundAndRefusedOnWrite(String server) throws SQLException {
        open(server);
        JdbcTokenStore store = JdbcTokenStore.builder(pool).table("text_tokens").userIdType(JdbcTokenStore.UserIdType.STRING).build();
        TokenGenerator keys = TokenGenerator.secureRandomHex();
        Token josé = store.getOrInsert(Token.of(keys.generate(), "josé", Instant.now()));

        assertEquals(List.of(), store.findAllOf("€"));
        assertEquals(List.of(), store.findAllOf("ключ"));
        assertEquals(0, store.deleteAllOf("ключ"));
        Token euro = Token.of(keys.generate(), "ключ", Instant.now()); // MySQL's latin1 is cp1252: it holds €
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> store.getOrInsert(euro));
        assertTrue(refused.getMessage().contains("character set"), refused.getMessage());
        assertFalse(refused.getMessage().contains(euro.lookup()), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.insert(euro, 1));
        assertEquals(Optional.empty(), store.findByLookup(euro.lookup()), "nothing stored");
        assertEquals(List.of(josé.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), store.findAllOf("josé"));
    }
}
