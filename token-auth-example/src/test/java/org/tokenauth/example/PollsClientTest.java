package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.function.Function;
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
        return run(home, name -> null, stdin, args);
    }

    private Run run(Path home, Function<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PollsClient client = new PollsClient(home, env);
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
        assertThat(notYet.err()).contains("Not logged in. Run: java -jar token-auth-example.jar client login");

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
    @DisplayName("README's order works: login --server URL, and --server=URL after any command")
    void serverOptionAfterTheCommand(@TempDir Path home) {
        Run login = run(home, TestServers.ADMIN_PASSWORD + "\n",
                "login", "--server", server(), "--username", TestServers.ADMIN, "--password-stdin");
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("Logged in to " + server() + " as admin");

        Run list = run(home, "", "list", "--server=" + server());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("#");

        Run twice = run(home, "", "--server", server(), "list", "--server", server());
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("--server is given twice");
        Run noValue = run(home, "", "list", "--server");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).contains("--server needs a URL");
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
        assertThat(list.err()).contains("The server refused the token: User inactive or deleted."
                + " Log in again: java -jar token-auth-example.jar client login");

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
        assertThat(none.err()).contains("usage: java -jar token-auth-example.jar client COMMAND [--server URL]")
                .doesNotContain("polls-client");
        Run badVote = run(home, "", "vote", "abc");
        assertThat(badVote.exit()).isEqualTo(2);
        assertThat(run(home, "", "frobnicate").exit()).isEqualTo(2);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = run(home, "pw\n", "login", "--server", "http://127.0.0.1:" + closedPort + "/polls",
                "--username", "admin", "--password-stdin");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err())
                .contains("Cannot reach the server at http://127.0.0.1:" + closedPort + "/ (connection refused).")
                .doesNotContain("null");
    }

    @Test
    @DisplayName("the saved token is never sent to a server other than the one it came from")
    void tokenStaysWithItsServer(@TempDir Path home) throws Exception {
        Run login = run(home, TestServers.ADMIN_PASSWORD + "\n",
                "--server", server(), "login", "--username", TestServers.ADMIN, "--password-stdin");
        assertThat(login.exit()).as(login.err()).isZero();
        Path file = home.resolve(".tokenauth-example/credentials.json");
        String saved = Files.readString(file);

        try (RecordingServer other = new RecordingServer()) {
            List<List<String>> commands = List.of(List.of("list"), List.of("vote", "1", "1"), List.of("logout"),
                    List.of("deactivate", "nobody"), List.of("activate", "nobody"));
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(List.of("--server", other.uri()));
                args.addAll(command);
                Run named = run(home, "", args.toArray(String[]::new));
                assertThat(named.exit()).as(command + ": " + named.err()).isEqualTo(1);
                assertThat(named.err()).as(command.toString())
                        .contains("The saved token belongs to " + server())
                        .contains("--server names " + other.uri())
                        .contains("java -jar token-auth-example.jar client login --server " + other.uri())
                        .doesNotContain(adminToken);

                List<String> after = new ArrayList<>(command);
                after.addAll(List.of("--server", other.uri()));
                Run namedAfter = run(home, "", after.toArray(String[]::new));
                assertThat(namedAfter.exit()).as(after + ": " + namedAfter.err()).isEqualTo(1);
                assertThat(namedAfter.err()).as(after.toString()).contains("--server names " + other.uri());

                Run fromEnv = run(home, name -> name.equals("TOKENAUTH_EXAMPLE_URL") ? other.uri() : null, "",
                        command.toArray(String[]::new));
                assertThat(fromEnv.exit()).as(command + ": " + fromEnv.err()).isEqualTo(1);
                assertThat(fromEnv.err()).as(command.toString()).contains("TOKENAUTH_EXAMPLE_URL names " + other.uri());
            }
            assertThat(other.requests()).as("requests that reached the other server").isEmpty();
        }
        assertThat(Files.readString(file)).as("a refused logout keeps the token").isEqualTo(saved);

        // Naming the server the token came from, spelled differently, is fine.
        Run same = run(home, "", "--server", "http://127.0.0.1:" + server.uri().getPort(), "list");
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(http.get("/polls/api/questions/", adminToken).status()).isEqualTo(200);
    }

    /** A stand-in for someone else's host: answers every request with {@code 200 []} and keeps its head. */
    private static final class RecordingServer implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "recording-server");

        RecordingServer() throws IOException {
            socket.setSoTimeout(500); // so that the loop sees close() soon
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String uri() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connection.setSoTimeout(5_000);
                    requests.add(head(connection.getInputStream()));
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                            + "Connection: close\r\n\r\n[]").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketTimeoutException e) {
                    // no connection yet: look again
                } catch (IOException e) {
                    if (!socket.isClosed()) {
                        requests.add("failed: " + e);
                    }
                }
            }
        }

        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            for (int c; (c = in.read()) != -1 && head.length() < 16_384;) {
                head.append((char) c);
                if (head.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
                acceptor.join(5_000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @DisplayName("control characters from the server are printed escaped, so a question cannot drive the terminal")
    void controlCharactersAreEscaped() throws Exception {
        String hostile = "\u001b[2J\u001b]0;pwned\u0007Clear\u202e?";
        ObjectNode body = Http.JSON.createObjectNode().put("question_text", hostile);
        body.withArray("choices").addObject().put("choice_text", "\u009b31mRed\rBlue");
        Http.Response created = http.json("POST", "/polls/api/questions/", adminToken, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Path home = Files.createTempDirectory(Path.of("target"), "home-");
        assertThat(run(home, TestServers.ADMIN_PASSWORD + "\n", "login", "--server", server(), "--username", TestServers.ADMIN,
                "--password-stdin").exit()).isZero();
        Run list = run(home, "", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("\\x1b[2J\\x1b]0;pwned\\x07Clear\\u202e?", "\\u009b31mRed\\rBlue");
        String printed = list.out() + list.err();
        assertThat(printed.codePoints().filter(c -> c < 0x20 && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f || c == 0x202e))
                .isEmpty();
        JsonNode choice = created.json().get("choices").get(0);
        Run vote = run(home, "", "vote", created.json().get("id").asText(), choice.get("id").asText());
        assertThat(vote.out()).contains("\\u009b31mRed\\rBlue").doesNotContain("\u009b");
    }
}
