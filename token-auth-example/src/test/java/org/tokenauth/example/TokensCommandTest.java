package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.jpa.JpaTokenauthStore;

/**
 * {@code tokens …} run in-process against the H2 database of a running hashed-mode server (no
 * cache, so a revocation shows at once): output, exit codes, and the keys it makes work there.
 */
class TokensCommandTest {

    private static final Pattern GENERATED = Pattern.compile("Generated token (tka_\\w+) for user (\\S+)");

    @TempDir
    Path dir;
    private String url;
    private Path secret;

    /** What a run printed, and how it ended. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void paths() {
        url = "jdbc:h2:file:" + dir.resolve("polls").toAbsolutePath();
        secret = dir.resolve("token-secret");
    }

    private Run tokens(boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", url, "--hashed-tokens", "--token-secret-file", secret.toString()));
        int status = TokensCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run tokens(String... args) {
        return tokens(false, args);
    }

    private ExampleServer server() throws Exception {
        return ExampleServer.start(TestServers.settings(url).withHashedTokens(java.util.Optional.empty(), secret).withCaches(false));
    }

    private static String key(Run run) {
        Matcher m = GENERATED.matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        return m.group(1);
    }

    @Test
    void createWhenNamedScopedAndExpiringThenTheKeyWorksOnTheServerUntilRevoked() throws Exception {
        try (ExampleServer server = server()) {
            Http http = new Http(server.uri());

            Run created = tokens("create", TestServers.ADMIN, "--name", "ci", "--scopes", "read,write", "--expires-in", "30d");

            assertThat(created.status()).as(created.err()).isZero();
            String key = key(created);
            assertThat(http.get("/polls/api/questions/", key).status()).isEqualTo(200);
            Run listed = tokens("list", TestServers.ADMIN);
            assertThat(listed.status()).isZero();
            assertThat(listed.out()).contains(" ci ", "read,write", "1 token(s) of admin").doesNotContain(key);
            String id = listed.out().lines().filter(line -> line.contains(" ci ")).findFirst().orElseThrow().split(" ")[0];

            Run revoked = tokens("revoke", id);

            assertThat(revoked.status()).isZero();
            assertThat(revoked.out()).contains("Revoked token " + id + " of user admin");
            assertThat(http.get("/polls/api/questions/", key).status()).isEqualTo(401);
            assertThat(tokens("revoke", id).status()).isEqualTo(1);
        }
    }

    @Test
    void serverWhenHashedThenLastUseWrittenBehindAndFlushedWhenItStops() throws Exception {
        String key;
        try (ExampleServer server = server()) {
            key = new Http(server.uri()).login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
            assertThat(new Http(server.uri()).get("/polls/api/questions/", key).status()).isEqualTo(200);
        } // stopping writes the pending last use
        Run listed = tokens("list", TestServers.ADMIN);
        String row = listed.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(row.split("\\s+")[4]).as(listed.out()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void resetThenOneNewTokenAndTheOldOnesStop() throws Exception {
        try (ExampleServer server = server()) {
            Http http = new Http(server.uri());
            String old = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);

            Run reset = tokens("reset", TestServers.ADMIN);

            assertThat(reset.status()).isZero();
            assertThat(http.get("/polls/api/questions/", old).status()).isEqualTo(401);
            assertThat(http.get("/polls/api/questions/", key(reset)).status()).isEqualTo(200);
        }
    }

    @Test
    void backfillThenEveryUserWithoutTokenGetsOneOnce() throws Exception {
        try (ExampleServer server = server()) {
            Http http = new Http(server.uri());

            Run first = tokens("backfill");
            Run second = tokens("backfill");

            assertThat(first.status()).isZero();
            List<String> lines = first.out().lines().toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).matches("admin tka_\\w+");
            assertThat(http.get("/polls/api/questions/", lines.get(0).split(" ")[1]).status()).isEqualTo(200);
            assertThat(first.err()).contains("Issued 1 token(s); 0 of 1 user(s) had one already");
            assertThat(second.out()).isEmpty();
            assertThat(second.err()).contains("Issued 0 token(s); 1 of 1 user(s) had one already");
        }
    }

    @Test
    void pruneThenExpiredTokensDeletedWithProgressAndSummary() throws Exception {
        try (ExampleServer server = server()) {
            Http http = new Http(server.uri());
            String live = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
            ExampleSettings settings = server.settings();
            try (Database db = Database.open(settings)) {
                // Issued 60 days ago for a day: long expired.
                TokenService past = TokenService.builder(new JpaTokenauthStore(db.emf()))
                        .keys(KeyMode.hashed(TokenSecretFile.load(secret, line -> { })))
                        .clock(Clock.fixed(Instant.now().minus(Duration.ofDays(60)), ZoneOffset.UTC)).build();
                String adminId = new org.tokenauth.example.accounts.UserDirectory(db.emf(),
                        new org.tokenauth.core.Pbkdf2PasswordHasher(1000), Clock.systemUTC())
                        .findByUsername(TestServers.ADMIN).orElseThrow().id();
                past.issueFor(adminId, "old", Set.of(), Duration.ofDays(1));
                past.issueFor(adminId, "older", Set.of(), Duration.ofDays(1));
            }

            Run pruned = tokens(true, "prune");

            assertThat(pruned.status()).isZero();
            assertThat(pruned.err()).contains("\r1 / 1 users (100%)", "Pruned 2 expired token(s) of 1 user(s)");
            assertThat(tokens("list", TestServers.ADMIN).out()).contains("1 token(s) of admin").doesNotContain("old");
            assertThat(http.get("/polls/api/questions/", live).status()).isEqualTo(200);
        }
    }

    @Test
    void runWhenUnknownUserOrBadArgumentsThenNonZeroWithClearMessage() throws Exception {
        try (ExampleServer server = server()) { // made the schema and the admin user
            assertThat(server.settings().hashedTokens()).isTrue();
            Run unknown = tokens("create", "ghost");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.err()).contains("unknown user 'ghost'");

            assertThat(tokens("list", "ghost").status()).isEqualTo(1);
            Run noUser = tokens("create");
            assertThat(noUser.status()).isEqualTo(2);
            assertThat(noUser.err()).contains("create takes one argument, but was given 0", "usage:");
            Run badDuration = tokens("create", "admin", "--expires-in", "soon");
            assertThat(badDuration.status()).isEqualTo(2);
            assertThat(badDuration.err()).contains("--expires-in must be a positive duration");
            assertThat(tokens("frobnicate").err()).contains("unknown command 'frobnicate'");
            assertThat(tokens("list", "admin", "--name", "x").status()).isEqualTo(2);
            Run badOption = tokens("prune", "--db-ur", "x");
            assertThat(badOption.status()).isEqualTo(2);
            assertThat(badOption.err()).contains("unknown option --db-ur");
        }
    }
}
