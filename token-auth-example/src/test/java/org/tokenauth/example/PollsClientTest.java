package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.example.cli.PollsClient;

/** The command-line client against the running example, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the command-line client")
class PollsClientTest {

    private ExampleServer server;
    private Http http;
    private String adminToken;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(TestDatabases.freshH2());
        http = new Http(server.uri());
        adminToken = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One run of the client: exit code and what it printed. */
    record Run(int exit, String out, String err) {
    }

    private Run run(Path home, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PollsClient client = new PollsClient(home, name -> null);
        int exit = client.run(List.of(args), new BufferedReader(new StringReader(stdin)), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String server() {
        return server.uri().toString();
    }

    @Test
    @DisplayName("login keeps the token in a 0600 file; list and vote use it; logout revokes it")
    void loginListVoteLogout(@TempDir Path home) throws Exception {
        Run notYet = run(home, "", "list");
        assertThat(notYet.exit()).isEqualTo(1);
        assertThat(notYet.err()).contains("Not logged in");

        Run login = run(home, TestServers.ADMIN_PASSWORD + "\n",
                "--server", server(), "login", "--username", TestServers.ADMIN, "--password-stdin");
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("Logged in to " + server() + " as admin");

        Path file = home.resolve(".tokenauth-example/credentials.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        JsonNode stored = Http.JSON.readTree(file.toFile());
        assertThat(stored.get("token").asText()).isEqualTo(adminToken);
        assertThat(stored.get("server").asText()).isEqualTo(server());

        Run list = run(home, "", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        JsonNode questions = http.get("/polls/api/questions/", adminToken).json();
        for (JsonNode question : questions) {
            assertThat(list.out()).contains("#" + question.get("id").asLong() + "  " + question.get("question_text").asText());
            for (JsonNode choice : question.get("choices")) {
                assertThat(list.out()).contains("[" + choice.get("id").asLong() + "] " + choice.get("choice_text").asText());
            }
        }

        JsonNode question = questions.get(0);
        JsonNode choice = question.get("choices").get(1);
        int before = choice.get("votes").asInt();
        Run vote = run(home, "", "vote", question.get("id").asText(), choice.get("id").asText());
        assertThat(vote.exit()).as(vote.err()).isZero();
        assertThat(vote.out()).isEqualTo("Voted for \"" + choice.get("choice_text").asText() + "\": now "
                + (before + 1) + " vote" + (before + 1 == 1 ? "" : "s") + "." + System.lineSeparator());
        assertThat(http.get("/polls/api/questions/" + question.get("id").asLong() + "/", adminToken).json()
                .get("choices").get(1).get("votes").asInt()).isEqualTo(before + 1);

        Run missing = run(home, "", "vote", "99999999", "1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Not found.");
        Run badChoice = run(home, "", "vote", question.get("id").asText(), "99999999");
        assertThat(badChoice.exit()).isEqualTo(1);
        assertThat(badChoice.err()).contains("choice: Invalid pk \"99999999\" - object does not exist.");

        Run logout = run(home, "", "logout");
        assertThat(logout.exit()).as(logout.err()).isZero();
        assertThat(file).doesNotExist();
        assertThat(http.get("/polls/api/questions/", adminToken).status()).isEqualTo(401);
        adminToken = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
    }

    @Test
    @DisplayName("wrong password: DRF's message, exit 1, nothing kept")
    void wrongPassword(@TempDir Path home) {
        Run login = run(home, "nope\n", "--server", server(), "login", "--username", "admin", "--password-stdin");
        assertThat(login.exit()).isEqualTo(1);
        assertThat(login.err()).contains("Login failed: Unable to log in with provided credentials.");
        assertThat(home.resolve(".tokenauth-example/credentials.json")).doesNotExist();
    }

    @Test
    @DisplayName("a deactivated user's client is told \"User inactive or deleted.\"")
    void deactivatedUser(@TempDir Path adminHome, @TempDir Path userHome) {
        String username = "cli" + System.nanoTime();
        Http.Response registered = http.json("POST", "/accounts/register/", null,
                Map.of("username", username, "password", "correct horse battery"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(run(userHome, "correct horse battery\n", "--server", server(), "login", "--username", username,
                "--password-stdin").exit()).isZero();
        assertThat(run(adminHome, TestServers.ADMIN_PASSWORD + "\n", "--server", server(), "login", "--username",
                TestServers.ADMIN, "--password-stdin").exit()).isZero();

        Run deactivate = run(adminHome, "", "deactivate", username);
        assertThat(deactivate.exit()).as(deactivate.err()).isZero();
        assertThat(deactivate.out()).contains("User " + username + " is now inactive.");

        Run list = run(userHome, "", "list");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).contains("The server refused the token: User inactive or deleted.");

        Run notStaff = run(userHome, "", "activate", username);
        assertThat(notStaff.exit()).isEqualTo(1);
        assertThat(run(adminHome, "", "activate", username).exit()).isZero();
        assertThat(run(userHome, "", "list").exit()).isZero();
    }

    @Test
    @DisplayName("bad usage exits 2 with the usage; an unreachable server exits 1 with a clear message")
    void usageAndUnreachable(@TempDir Path home) throws Exception {
        Run none = run(home, "");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("usage: polls-client");
        Run badVote = run(home, "", "vote", "abc");
        assertThat(badVote.exit()).isEqualTo(2);
        assertThat(run(home, "", "frobnicate").exit()).isEqualTo(2);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = run(home, "pw\n", "--server", "http://127.0.0.1:" + closedPort + "/", "login",
                "--username", "admin", "--password-stdin");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Cannot reach the server");
    }
}
