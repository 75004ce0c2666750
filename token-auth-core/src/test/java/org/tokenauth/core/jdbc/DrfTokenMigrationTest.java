package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenCheck;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStoreContract;

/** From DRF's plain keys to hashed mode, on H2: the lazy route, the bulk route, and both at once. */
class DrfTokenMigrationTest {

    static final KeyMode HASHED = KeyMode.hashed(ServerSecret.of("k1", new byte[32]));

    private HikariDataSource pool;
    private JdbcTokenStore legacy;
    private JdbcTokenauthStore target;
    private TokenService tokens;

    @BeforeEach
    void openDatabase() throws SQLException {
        pool = H2TestDatabase.newPool();
        SqlScripts.createTable(pool, "authtoken_token", "h2");
        SqlScripts.createTable(pool, "tokenauth_token", "h2");
        legacy = new JdbcTokenStore(pool);
        target = new JdbcTokenauthStore(pool);
        tokens = TokenService.builder(target).keys(HASHED).migrateFrom(legacy).build();
    }

    @AfterEach
    void closeDatabase() {
        pool.close();
    }

    private List<String> legacyKeys(int users) {
        TokenService drf = new TokenService(legacy);
        List<String> keys = new ArrayList<>();
        for (int id = 1; id <= users; id++) {
            keys.add(drf.issueFor(Integer.toString(id)).key());
        }
        return keys;
    }

    @Test
    @DisplayName("lazy: a DRF key works on first use, then lives on as a digest under the same key, its plain row gone")
    void checkWhenLegacyKeyThenMovedUnderTheSameKey() {
        String key = legacyKeys(1).get(0);
        Instant created = legacy.findByLookup(key).orElseThrow().created();

        TokenCheck first = tokens.check(key);

        assertInstanceOf(TokenCheck.Valid.class, first);
        Token moved = ((TokenCheck.Valid) first).token();
        assertTrue(moved.lookup().startsWith("k1$"), "stored as a digest");
        assertEquals(created, moved.created());
        assertEquals(TokenService.MIGRATED_NAME, moved.name());
        assertEquals(Optional.empty(), legacy.findByLookup(key), "the plain row is deleted");
        assertEquals(List.of(moved), target.findAllOf("1"));
        assertInstanceOf(TokenCheck.Valid.class, tokens.check(key), "the same key keeps working");
        assertTrue(tokens.revoke(key));
        assertEquals(TokenCheck.INVALID, tokens.check(key), "revoked after migration: invalid");
    }

    @Test
    @DisplayName("without migrateFrom a DRF key is refused before any store access; unknown DRF keys are invalid")
    void checkWhenNotMigratingOrUnknownThenInvalid() {
        String key = legacyKeys(1).get(0);
        TokenService plain = TokenService.builder(target).keys(HASHED).build();

        assertEquals(TokenCheck.INVALID, plain.check(key));
        assertEquals(TokenCheck.INVALID, tokens.check("0123456789abcdef0123456789abcdef01234567"));
        assertEquals(TokenCheck.INVALID, tokens.check(key.toUpperCase(java.util.Locale.ROOT)));
        assertTrue(legacy.findByLookup(key).isPresent(), "nothing moved");
        assertThrows(IllegalStateException.class, () -> plain.migrate(key));
        assertThrows(IllegalStateException.class,
                () -> TokenService.builder(target).migrateFrom(legacy).build(), "DRF mode cannot migrate to itself");
    }

    @Test
    @DisplayName("32 concurrent first uses of one DRF key: all valid, one token moved, no plain row left")
    void checkWhenRacedThenOneMove() throws Exception {
        String key = legacyKeys(1).get(0);
        List<String> racers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            racers.add(key);
        }

        List<TokenCheck> checks = TokenStoreContract.race(racers, tokens::check);

        checks.forEach(check -> assertInstanceOf(TokenCheck.Valid.class, check));
        assertEquals(1, target.findAllOf("1").size());
        assertEquals(Optional.empty(), legacy.findByLookup(key));
    }

    @Test
    @DisplayName("bulk: every row moves, progress is reported, and a second run finds nothing to do")
    void runWhenRowsThenAllMovedWithProgress() {
        List<String> keys = legacyKeys(1_200);
        DrfTokenMigration migration = new DrfTokenMigration(pool, tokens);
        List<DrfTokenMigration.Progress> reports = new ArrayList<>();

        DrfTokenMigration.Progress done = migration.run(reports::add);

        assertEquals(1_200, done.moved());
        assertEquals(0, done.skipped());
        assertEquals(1_200, done.total());
        assertEquals(3, reports.size(), "one report per page of " + DrfTokenMigration.PAGE);
        assertEquals(0, migration.count(), "no plain key left");
        Set<String> users = new HashSet<>();
        for (String key : keys) {
            TokenCheck check = tokens.check(key);
            assertInstanceOf(TokenCheck.Valid.class, check);
            users.add(((TokenCheck.Valid) check).token().userId());
        }
        assertEquals(1_200, users.size());
        assertEquals(0, migration.run(p -> { }).moved());
        assertTrue(done.elapsed().compareTo(Duration.ZERO) > 0);
    }
}
