package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate-tokens} on a database that a DRF-mode server used: every plain key moves, and the
 * same keys then work on a server in hashed mode.
 */
class MigrateTokensCommandTest {

    @Test
    @DisplayName("DRF-mode keys, migrated by the command, work unchanged on a hashed-mode server; a summary at the end")
    void runWhenDrfModeKeysThenAllMovedAndStillWorking(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("polls").toAbsolutePath();
        Path secret = dir.resolve("token-secret");
        List<String> keys = new ArrayList<>();
        try (ExampleServer drf = TestServers.start(url)) {
            Http http = new Http(drf.uri());
            keys.add(http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD));
            for (int i = 0; i < 3; i++) {
                Http.Response registered = http.json("POST", "/accounts/register/", null,
                        Map.of("username", "migrant" + i, "password", "a long enough password " + i));
                keys.add(registered.json().get("token").asText());
            }
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int status = MigrateTokensCommand.run(List.of("--db-url", url, "--token-secret-file", secret.toString(),
                "--password-iterations", "1000"), new PrintStream(printed, true, StandardCharsets.UTF_8), false);

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).contains("Made a new token secret", "Migrating 4 plain keys of authtoken_token",
                "Migrated 4 keys in", "0 plain keys left.");
        keys.forEach(key -> assertThat(out).doesNotContain(key));
        try (ExampleServer hashed = TestServers.startHashed(url, secret)) {
            Http http = new Http(hashed.uri());
            for (String key : keys) {
                assertThat(key).matches("[0-9a-f]{40}");
                assertThat(http.get("/polls/api/questions/", key).status()).as("a DRF-mode key after migration").isEqualTo(200);
            }
            assertThat(http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD)).startsWith("tka_");
        }
    }
}
