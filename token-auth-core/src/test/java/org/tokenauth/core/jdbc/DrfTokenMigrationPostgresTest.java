package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;

/**
 * The bulk migration on PostgreSQL while clients use the keys being migrated: no failed request,
 * no plain key left. 2,000 keys by default; the documented run
 * ({@code -Dtokenauth.migration.keys=10000}, benchmarks/README.md) takes 10,000. Writes its figures to
 * {@code target/migration-postgres.txt}.
 */
@DisplayName("bulk migration from DRF's table on PostgreSQL, under concurrent clients")
class DrfTokenMigrationPostgresTest {

    private static final int CLIENTS = 4;

    private String schema;
    private HikariDataSource pool;

    @AfterEach
    void drop() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            ExternalTestDatabase.POSTGRES.dropSchema(schema);
        }
    }

    @Test
    void runWhenClientsUseTheKeysThenNoFailedRequestAndNoPlainKeyLeft() throws Exception {
        int count = Integer.getInteger("tokenauth.migration.keys", 2_000);
        schema = ExternalTestDatabase.POSTGRES.createSchema("tokenauth_migration");
        pool = ExternalTestDatabase.POSTGRES.dataSource(schema);
        SqlScripts.createTable(pool, "authtoken_token", "postgresql");
        SqlScripts.createTable(pool, "tokenauth_token", "postgresql");
        List<String> keys = seed(count);
        TokenService tokens = TokenService.builder(new JdbcTokenauthStore(pool))
                .keys(KeyMode.hashed(ServerSecret.of("k1", new byte[32])))
                .migrateFrom(new JdbcTokenStore(pool))
                .build();
        TokenAuthenticator authenticator = new TokenAuthenticator(tokens, id -> Optional.of(new UserAccount(id, "u" + id, true)), "Token");
        DrfTokenMigration migration = new DrfTokenMigration(pool, tokens);

        AtomicBoolean migrating = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (migrating.get()) {
                    String key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                    try {
                        if (!(authenticator.authenticate("Token " + key) instanceof Authentication.Authenticated)) {
                            failed.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    requests.incrementAndGet();
                }
            }));
        }
        long start = System.nanoTime();
        DrfTokenMigration.Progress done = migration.run(progress -> { });
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        migrating.set(false);
        for (Future<?> client : running) {
            client.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();

        String report = String.format("%,d legacy keys on PostgreSQL migrated in %,d ms (%,d by the bulk run, the rest lazily "
                + "on first use; %d skipped) while %d clients made %,d requests: %d failed; %d plain keys left%n",
                count, millis, done.moved(), done.skipped(), CLIENTS, requests.get(), failed.get(), migration.count());
        System.out.print(report);
        Files.writeString(Path.of("target", "migration-postgres.txt"), report);
        assertEquals(0, failed.get(), report);
        assertEquals(0, migration.count(), report);
        assertEquals(0, done.skipped(), report);
        assertTrue(requests.get() > 0, "the clients made no request");
        for (String key : keys) {
            assertTrue(authenticator.authenticate("Token " + key) instanceof Authentication.Authenticated, "a key stopped working");
        }
    }

    /** {@code count} DRF rows, one per user, written in batches as Django would have made them. */
    private List<String> seed(int count) throws Exception {
        SecureRandom random = new SecureRandom();
        List<String> keys = new ArrayList<>(count);
        try (Connection c = pool.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO authtoken_token (\"key\", created, user_id) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= count; id++) {
                byte[] bytes = new byte[20];
                random.nextBytes(bytes);
                String key = HexFormat.of().formatHex(bytes);
                keys.add(key);
                insert.setString(1, key);
                insert.setTimestamp(2, Timestamp.from(Instant.now()));
                insert.setInt(3, id);
                insert.addBatch();
                if (id % 1_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return keys;
    }
}
