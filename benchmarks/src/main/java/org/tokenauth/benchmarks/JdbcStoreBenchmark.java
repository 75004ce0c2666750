package org.tokenauth.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jdbc.JdbcTokenStore;
import org.tokenauth.core.jdbc.JdbcTokenauthStore;

/**
 * One key lookup on a pooled connection: {@link JdbcTokenStore} on DRF's table ({@code mode=drf},
 * the key itself) or {@link JdbcTokenauthStore} on {@code tokenauth_token} ({@code mode=hashed},
 * the key's digest), on in-process H2 by default, or the PostgreSQL named by
 * {@code -p url=jdbc:postgresql://…}. This is the store's share of a request that the in-memory
 * {@link AuthenticatorBenchmark} leaves out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcStoreBenchmark {

    @Param("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1")
    public String url;

    @Param({"drf", "hashed"})
    public String mode;

    private boolean postgres;
    private HikariDataSource dataSource;
    private TokenStore store;
    private String key;
    private String unknown;

    @Setup
    public void setUp() throws IOException, SQLException {
        postgres = url.startsWith("jdbc:postgresql:");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        if (postgres) {
            // A schema of its own, so the benchmark never touches another authtoken_token table.
            config.setConnectionInitSql("create schema if not exists tokenauth_bench; set search_path to tokenauth_bench");
        }
        dataSource = new HikariDataSource(config);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String table = mode.equals("hashed") ? "tokenauth_token" : "authtoken_token";
            statement.execute("drop table if exists " + table);
            statement.execute(ddl(table, postgres ? "postgresql" : "h2"));
        }
        TokenService tokens;
        if (mode.equals("hashed")) {
            store = new JdbcTokenauthStore(dataSource);
            tokens = TokenService.builder(store).keys(KeyMode.hashed(ServerSecret.of("bench", new byte[32]))).build();
        } else {
            store = new JdbcTokenStore(dataSource);
            tokens = new TokenService(store);
        }
        for (int i = 1; i <= 10_000; i++) {
            tokens.issueFor(Integer.toString(i));
        }
        key = tokens.issueFor("4242").token().lookup();
        unknown = mode.equals("hashed") ? "bench$" + "0".repeat(64) : "0".repeat(40);
    }

    @TearDown
    public void tearDown() throws SQLException {
        if (postgres) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("drop schema tokenauth_bench cascade");
            }
        }
        dataSource.close();
    }

    @Benchmark
    public Optional<Token> findByLookup() {
        return store.findByLookup(key);
    }

    @Benchmark
    public Optional<Token> findUnknownKey() {
        return store.findByLookup(unknown);
    }

    private static String ddl(String table, String dialect) throws IOException {
        String path = "/org/tokenauth/core/sql/" + table + "." + dialect + ".sql";
        try (InputStream in = JdbcTokenStore.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no DDL script at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", "").trim()
                    .replaceAll(";\\s*$", "");
        }
    }
}
