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
import org.tokenauth.core.jdbc.JdbcTokenStore;

/**
 * One key lookup through {@link JdbcTokenStore} on a pooled connection: in-process H2 by default,
 * or the PostgreSQL named by {@code -p url=jdbc:postgresql://…}. This is the store's share of a
 * request that the in-memory {@link AuthenticatorBenchmark} leaves out.
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

    private boolean postgres;
    private HikariDataSource dataSource;
    private JdbcTokenStore store;
    private String key;

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
            statement.execute("drop table if exists authtoken_token");
            statement.execute(ddl(postgres ? "postgresql" : "h2"));
        }
        store = new JdbcTokenStore(dataSource);
        TokenService tokens = new TokenService(store);
        for (int i = 1; i <= 10_000; i++) {
            tokens.issueFor(Integer.toString(i));
        }
        key = tokens.issueFor("4242").key();
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
        return store.findByLookup("0000000000000000000000000000000000000000");
    }

    private static String ddl(String dialect) throws IOException {
        String path = "/org/tokenauth/core/sql/authtoken_token." + dialect + ".sql";
        try (InputStream in = JdbcTokenStore.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no DDL script at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", "").trim()
                    .replaceAll(";\\s*$", "");
        }
    }
}
