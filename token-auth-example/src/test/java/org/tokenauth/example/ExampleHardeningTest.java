package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The embedded server's defences against hostile clients, over real sockets to a real Jetty: the
 * allowed hosts, the request limits, and what the server says about itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleHardeningTest {

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

    /** Sends {@code head} (CRLF line ends added, and a closing empty line) and reads the whole answer. */
    String raw(String... headLines) {
        return new Http(server.uri()).exchange(
                (String.join("\r\n", headLines) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private int port() {
        return server.uri().getPort();
    }

    @Test
    @DisplayName("a request for another host is Django's 400, never echoed into a URL or Location")
    void hostNotAllowedIs400() {
        for (String host : List.of("evil.example", "evil.example:" + port(), "127.0.0.1.evil.example", "[::2]:" + port())) {
            String answer = raw("GET /polls/api/ HTTP/1.1", "Host: " + host, "Authorization: Token " + adminToken);
            assertThat(answer).as(host).startsWith("HTTP/1.1 400 ").contains("<h1>Bad Request (400)</h1>")
                    .doesNotContain("evil.example");
            String created = raw("GET /polls/api HTTP/1.1", "Host: " + host, "Authorization: Token " + adminToken);
            assertThat(created).as(host).startsWith("HTTP/1.1 400 ").doesNotContainIgnoringCase("Location:");
        }
    }

    @Test
    @DisplayName("the listen address and localhost are allowed by default, with or without the port")
    void defaultHostsAreAllowed() {
        for (String host : List.of("127.0.0.1:" + port(), "127.0.0.1", "localhost:" + port(), "LOCALHOST.:" + port())) {
            String answer = raw("GET /polls/api/ HTTP/1.1", "Host: " + host, "Authorization: Token " + adminToken);
            assertThat(answer).as(host).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    @DisplayName("--allowed-hosts names the hosts, .example.org with its subdomains")
    void allowedHostsSetting() throws Exception {
        ExampleSettings settings = ExampleSettings.parse(List.of("--allowed-hosts", "polls.example, .example.org"),
                key -> null, key -> null);
        assertThat(settings.effectiveAllowedHosts()).containsExactly("polls.example", ".example.org");
        try (ExampleServer other = ExampleServer.start(TestServers.settings(TestDatabases.freshH2())
                .withAllowedHosts(settings.allowedHosts()))) {
            ExampleServer saved = server;
            server = other;
            try {
                assertThat(raw("GET /polls/ HTTP/1.1", "Host: polls.example:" + port())).startsWith("HTTP/1.1 200 ");
                assertThat(raw("GET /polls/ HTTP/1.1", "Host: a.b.example.org")).startsWith("HTTP/1.1 200 ");
                assertThat(raw("GET /polls/ HTTP/1.1", "Host: example.org")).startsWith("HTTP/1.1 200 ");
                assertThat(raw("GET /polls/ HTTP/1.1", "Host: 127.0.0.1:" + port())).startsWith("HTTP/1.1 400 ");
                assertThat(raw("GET /polls/ HTTP/1.1", "Host: evilexample.org")).startsWith("HTTP/1.1 400 ");
            } finally {
                server = saved;
            }
        }
    }

    @Test
    @DisplayName("a body trickled in a byte at a time is cut off within 20 s, not served for as long as the client likes")
    void slowBodyIsCutOff() throws Exception {
        Trickle trickle = trickle(port(), "POST /accounts/register/ HTTP/1.1\r\nHost: 127.0.0.1:" + port()
                + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{", Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(trickle.outcome()).as("after " + trickle.took()).isNotNull();
        assertThat(trickle.took()).as(trickle.outcome()).isLessThan(Duration.ofSeconds(20));
    }

    /** What became of a request trickled in: the answer's first bytes, "closed" or "reset" (null if none in time), and when. */
    record Trickle(String outcome, Duration took) {
    }

    /**
     * Sends {@code head} at once, then one more byte every {@code every} (a space, which extends a
     * header value or a JSON body alike: never idle long enough for an idle timeout) until the
     * server answers or closes, or {@code giveUp} passes.
     */
    static Trickle trickle(int port, String head, Duration every, Duration giveUp) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) every.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            long deadline = start + giveUp.toNanos();
            String answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    answer = "closed";
                    break;
                }
                try {
                    int first = socket.getInputStream().read();
                    answer = first < 0 ? "closed" : (char) first + new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                } catch (java.net.SocketTimeoutException stillWaiting) {
                    // the server is still reading
                } catch (IOException reset) {
                    answer = "reset";
                }
            }
            return new Trickle(answer, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * The receive timeout, on a server whose limits are short so that it shows in seconds: 1 s to
     * receive a request, 5 s idle, no minimum data rate (so the timeout alone is at work).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("the receive timeout (1 s here)")
    class ReceiveTimeoutTest {

        private ExampleServer shortLimits;

        @BeforeAll
        void start() throws Exception {
            shortLimits = ExampleServer.start(TestServers.settings(TestDatabases.freshH2()),
                    new ExampleServer.Limits(0, Duration.ofSeconds(5), 1_000, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        }

        @AfterAll
        void stop() {
            if (shortLimits != null) {
                shortLimits.close();
            }
        }

        private int port() {
            return shortLimits.uri().getPort();
        }

        @Test
        @DisplayName("a head trickled in a byte every 200 ms (slowloris: never idle) is closed, unanswered")
        void slowHeadIsCutOff() throws Exception {
            Trickle trickle = trickle(port(), "GET /polls/ HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-Slow: a",
                    Duration.ofMillis(200), Duration.ofSeconds(30));
            assertThat(trickle.outcome()).as("after " + trickle.took()).isIn("closed", "reset");
            assertThat(trickle.took()).isLessThan(Duration.ofSeconds(15));
        }

        @Test
        @DisplayName("a body trickled in faster than any minimum rate would ask is still closed once the timeout passes")
        void slowBodyIsCutOffByTotalTime() throws Exception {
            Trickle trickle = trickle(port(), "POST /accounts/get_auth_token/ HTTP/1.1\r\nHost: 127.0.0.1:" + port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{", Duration.ofMillis(200),
                    Duration.ofSeconds(30));
            assertThat(trickle.outcome()).as("after " + trickle.took()).isIn("closed", "reset");
            assertThat(trickle.took()).isLessThan(Duration.ofSeconds(15));
        }

        @Test
        @DisplayName("a body in two parts within the timeout is answered, and a kept-alive connection idle longer than it serves the next request")
        void promptRequestsAreServed() throws Exception {
            String body = "{\"username\":\"nobody\",\"password\":\"wrong\"}";
            String head = "POST /accounts/get_auth_token/ HTTP/1.1\r\nHost: 127.0.0.1:" + port()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n";
            try (Socket socket = new Socket("127.0.0.1", port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write((head + "\r\n" + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 400 ");
                Thread.sleep(3_000); // between requests, three times the timeout (and under the 5 s idle timeout): idle, not arriving
                out.write((head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400 ");
            }
        }

        /** Reads one answer with a Content-Length from a kept-alive connection. */
        private String readAnswer(java.io.InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("closed after " + head);
                }
                head.append((char) b);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            assertThat(length.find()).as(head.toString()).isTrue();
            return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("the Server header names no version")
    void serverHeaderHasNoVersion() {
        String answer = raw("GET /polls/ HTTP/1.1", "Host: 127.0.0.1:" + port());
        assertThat(answer).startsWith("HTTP/1.1 200 ").doesNotContainPattern("(?i)Server: Jetty\\(");
    }

    @Test
    @DisplayName("the slash redirect keeps the path as it was encoded: %3F and %23 stay in the path")
    void appendSlashReencodes() {
        String answer = raw("GET /polls/api/questions%3Fa%23b HTTP/1.1", "Host: 127.0.0.1:" + port(),
                "Authorization: Token " + adminToken);
        assertThat(answer).startsWith("HTTP/1.1 301 ");
        String location = answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst().orElseThrow();
        assertThat(location).endsWith("/polls/api/questions%3Fa%23b/").doesNotContain("?").doesNotContain("#");
    }

    @Test
    @DisplayName("usernames are NFKC-normalized, as Django does: a fullwidth 'admin' is taken")
    void usernamesAreNfkcNormalized() {
        Http.Response twin = http.json("POST", "/accounts/register/", null,
                java.util.Map.of("username", "\uff41\uff44\uff4d\uff49\uff4e", "password", "correct horse battery"));
        assertThat(twin.status()).as(twin.toString()).isEqualTo(400);
        assertThat(twin.body()).isEqualTo("{\"username\":[\"A user with that username already exists.\"]}");
        String suffix = Long.toString(System.nanoTime() % 100000);
        Http.Response wide = http.json("POST", "/accounts/register/", null,
                java.util.Map.of("username", "\uff42\uff4f\uff42" + suffix, "password", "correct horse battery"));
        assertThat(wide.status()).as(wide.toString()).isEqualTo(201);
        assertThat(wide.json().get("username").asText()).isEqualTo("bob" + suffix);
        assertThat(http.login("bob" + suffix, "correct horse battery")).isNotEmpty();
    }

    @Test
    @DisplayName("the login page's forms say method=\"post\": without script, a password never lands in a URL")
    void formsPost() {
        Http.Response page = http.get("/accounts/auth/", null);
        assertThat(page.status()).isEqualTo(200);
        List<String> forms = java.util.regex.Pattern.compile("<form[^>]*>").matcher(page.body()).results()
                .map(java.util.regex.MatchResult::group).toList();
        assertThat(forms).isNotEmpty().allSatisfy(form -> assertThat(form).contains("method=\"post\""));
    }
}
