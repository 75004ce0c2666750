package org.tokenauth.example;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tokenauth.servlet.PersistentConnection;

/**
 * The example's own answers keep a connection usable for the next request, or say
 * {@code Connection: close}, as the library's do (docs/WIRE-CONTRACT.md, "Connections"): each row
 * over one persistent HTTP/1.1 socket, its body still arriving after the answer, then a valid
 * {@code GET} on the same socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleKeepAliveTest {

    private static final String FILLER = "f".repeat(40_000);

    private ExampleServer server;
    private String adminToken;
    private String userToken;

    @BeforeAll
    void start() throws Exception {
        server = TestServers.start(TestDatabases.freshH2());
        Http http = new Http(server.uri());
        adminToken = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
        http.json("POST", "/accounts/register/", null,
                java.util.Map.of("username", "keepalive", "password", "a-long-user-password"));
        userToken = http.login("keepalive", "a-long-user-password");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    record Row(String name, String method, String path, String token, String contentType, byte[] body, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Row> rows() {
        String questions = "/polls/api/questions/";
        String json = "application/json";
        byte[] big = ("{\"question_text\":\"" + FILLER + "\"").getBytes(UTF_8); // malformed: never closed
        byte[] filler = ("{\"filler\":\"" + FILLER + "\"}").getBytes(UTF_8);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("401 from the filter, POST", "POST", questions, null, json, filler, 401));
        rows.add(new Row("400 malformed JSON", "POST", questions, adminToken, json, big, 400));
        rows.add(new Row("400 malformed multipart", "POST", questions, adminToken, "multipart/form-data; boundary=xyz",
                ("--xyz\r\nContent-Disposition: form-data; name=\"question_text\"\r\n\r\n" + FILLER).getBytes(UTF_8), 400));
        rows.add(new Row("415 text/plain", "POST", questions, adminToken, "text/plain", filler, 415));
        rows.add(new Row("405 PUT on the list", "PUT", questions, adminToken, json, filler, 405));
        rows.add(new Row("404 DELETE of no question", "DELETE", questions + "999999/", adminToken, json, filler, 404));
        rows.add(new Row("400 vote without a choice", "POST", questions + "999999/vote/", adminToken, json, filler, 400));
        rows.add(new Row("200 OPTIONS with a body", "OPTIONS", questions, adminToken, json, filler, 200));
        rows.add(new Row("400 register, malformed JSON", "POST", "/accounts/register/", null, json, big, 400));
        rows.add(new Row("405 register, PUT", "PUT", "/accounts/register/", null, json, filler, 405));
        rows.add(new Row("403 deactivate, not staff", "POST", "/admin/users/admin/deactivate/", userToken, json,
                filler, 403));
        rows.add(new Row("400 obtain token, malformed multipart (the reported case)", "POST", "/accounts/get_auth_token/",
                null, "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nabc".getBytes(UTF_8), 400));
        rows.add(new Row("400 obtain token, bad credentials", "POST", "/accounts/get_auth_token/", null, json,
                ("{\"username\":\"nobody\",\"password\":\"x\",\"filler\":\"" + FILLER + "\"}").getBytes(UTF_8), 400));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void exchangeWhenAnsweredThenNextRequestOnSameConnectionIsAnsweredOrCloseWasAnnounced(Row row) throws IOException {
        String head = row.method() + " " + row.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (row.token() == null ? "" : "Authorization: Token " + row.token() + "\r\n")
                + "Content-Type: " + row.contentType() + "\r\nContent-Length: " + row.body().length + "\r\n\r\n";
        try (PersistentConnection connection = new PersistentConnection(server.uri().getPort())) {
            PersistentConnection.Response first = connection.exchange(head.getBytes(ISO_8859_1), row.body(), 4, 25);
            assertEquals(row.status(), first.status(), row + ": " + first);
            connection.awaitSent();
            if (first.announcesClose()) {
                assertTrue(connection.serverCloses(), row + ": said Connection: close, so the server must close");
                return;
            }
            String next = "GET /polls/api/questions/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + adminToken
                    + "\r\n\r\n";
            try {
                assertEquals(200, connection.exchange(next.getBytes(ISO_8859_1)).status(), row + ", then GET");
            } catch (PersistentConnection.Closed closed) {
                fail(row + ": the answer kept the connection open (no Connection: close), "
                        + "but the next request on it got no answer: " + closed.getMessage());
            }
        }
    }
}
