package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.TokenService;
import org.tokenauth.servlet.readme.TokenAuthSetup;
import org.tokenauth.servlet.readme.UserRepository;
import org.tokenauth.servlet.readme.UsersTableTokenStore;

/**
 * The README's "Use it in your webapp" examples, compiled and run: the registration listener, the
 * custom store, the plain user-created callback, and the curl commands themselves.
 */
class ReadmeExamplesTest {

    private HikariDataSource db;
    private UserRepository users;
    private UsersTableTokenStore store;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        store = new UsersTableTokenStore(db);
        users = new UserRepository(db, new TokenService(store));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    @DisplayName("README's custom store is this module's UsersTableTokenStore, imports included, to the letter")
    void readmeWhenCustomStoreShownThenItIsTheTestedSource() throws IOException {
        assertReadmeShows("UsersTableTokenStore.java");
    }

    @Test
    @DisplayName("README's Spring Boot beans are this module's TokenAuthBeans, imports included, to the letter")
    void readmeWhenSpringBootBeansShownThenTheyAreTheTestedSource() throws IOException {
        assertReadmeShows("TokenAuthBeans.java");
    }

    /** README shows this file of {@code org.tokenauth.servlet.readme} in a java block, without its package line. */
    private static void assertReadmeShows(String file) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/test/java/org/tokenauth/servlet/readme", file), StandardCharsets.UTF_8);
        StringBuilder shown = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            if (!line.startsWith("package ") && !line.startsWith("// README")) {
                shown.append(line).append('\n');
            }
        }
        String expected = "```java\n" + shown.toString().strip() + "\n```";
        assertTrue(readme.contains(expected), "README differs from " + file + "; copy the file (without its package line) into README");
    }

    @Test
    @DisplayName("the plain callback: creating a user creates their token, with no extra call where users are created")
    void createWhenUserRepositoryThenTokenIssued() throws Exception {
        String id = users.create("grace", new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS).hash("pw"));
        assertTrue(store.findAllOf(id).stream().findFirst().isPresent());
    }

    @Test
    @DisplayName("the README's listener and curl commands, against a running Jetty")
    void curlWhenReadmeCommandsThenTheyWork() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed: README curl examples not run");
        String id = users.create("alice", new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS).hash("s3cret pass"));
        String issuedAtCreation = store.findAllOf(id).stream().findFirst().orElseThrow().lookup();
        try (TestContainer app = JettyContainer.startWithListener(new TokenAuthSetup(db))) {
            String base = "http://127.0.0.1:" + app.port() + TestContainer.CONTEXT_PATH;
            ObjectMapper json = new ObjectMapper();

            // README: curl -d username=alice -d 'password=s3cret pass' http://localhost:8080/api-token-auth/
            String form = curl("-s", "-d", "username=alice", "-d", "password=s3cret pass", base + "/api-token-auth/");
            assertEquals("{\"token\":\"" + issuedAtCreation + "\"}", form);

            // README: curl -s -H 'Content-Type: application/json' -d '{"username": "alice", "password": "s3cret pass"}' ...
            String fromJson = curl("-s", "-H", "Content-Type: application/json",
                    "-d", "{\"username\": \"alice\", \"password\": \"s3cret pass\"}", base + "/api-token-auth/");
            assertEquals(form, fromJson);

            // README: curl -s -F username=alice -F 'password=s3cret pass' ...
            assertEquals(form, curl("-s", "-F", "username=alice", "-F", "password=s3cret pass", base + "/api-token-auth/"));

            String key = json.readTree(form).get("token").asText();
            // README: curl -s -H "Authorization: Token $TOKEN" http://localhost:8080/api/polls/  (here: the 404 of an app with no such page)
            String statusWithToken = curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Token " + key,
                    base + "/api/polls/");
            assertEquals("404", statusWithToken, "authenticated, then the app's own 404");

            // README: curl -i http://localhost:8080/api/polls/   -> 401 with WWW-Authenticate: Token
            String anonymous = curl("-s", "-i", base + "/api/polls/");
            assertTrue(anonymous.startsWith("HTTP/1.1 401"), anonymous);
            assertTrue(anonymous.contains("WWW-Authenticate: Token\r\n"), anonymous);
            assertTrue(anonymous.endsWith("{\"detail\":\"Authentication credentials were not provided.\"}"), anonymous);
        }
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("curl");
        command.add("--max-time");
        command.add("20");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl finished");
        assertEquals(0, process.exitValue(), "curl exit status");
        return new String(out, StandardCharsets.UTF_8);
    }
}
