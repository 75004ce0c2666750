package org.tokenauth.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer the library writes leaves the connection usable for the next request, or says
 * {@code Connection: close} before the server closes it (docs/WIRE-CONTRACT.md, "Connections").
 * A pooled client reuses a connection that the server kept silent about; if the server then
 * closes it, the client's <em>next</em> request fails with an I/O error, and a POST is not retried.
 *
 * <p>Each row sends one request over a persistent HTTP/1.1 socket, its body in pieces that keep
 * coming after the answer (as a real client's would), then a valid {@code GET} on the same socket.
 * Written once; each container runs it through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeepAliveContractTest {

    /** A request body larger than socket buffers take at once, well under the obtain endpoint's 64 KiB limit. */
    private static final String FILLER = "f".repeat(40_000);

    WireApp app;
    WireApp broken;
    TestContainer container;
    TestContainer down;
    String validKey;
    String loginName;
    String inactiveKey;

    abstract TestContainer start(jakarta.servlet.ServletContainerInitializer app) throws Exception;

    @BeforeAll
    void startContainers() throws Exception {
        app = new WireApp();
        container = start(app.protectedApp());
        loginName = WireApp.uniqueName("keepalive");
        validKey = app.tokens.issueFor(app.newUser(loginName)).key();
        String inactive = app.newUser(WireApp.uniqueName("inactive"));
        inactiveKey = app.tokens.issueFor(inactive).key();
        app.users.setActive(inactive, false);
        broken = new WireApp();
        down = start(broken.protectedApp());
        broken.db.close(); // the store is down for good: every lookup fails
    }

    @AfterAll
    void stopContainers() {
        container.close();
        down.close();
        app.close();
        broken.close();
    }

    /** One request of the wire contract and the status it is answered with. */
    record Row(String name, boolean storeDown, String method, String path, List<String> headers, byte[] body,
            boolean chunked, int status) {

        @Override
        public String toString() {
            return name;
        }

        byte[] head() {
            StringBuilder head = new StringBuilder(method + " " + TestContainer.CONTEXT_PATH + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body.length > 0) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(head.toString().getBytes(ISO_8859_1));
            bytes.writeBytes("\r\n".getBytes(ISO_8859_1));
            return bytes.toByteArray();
        }

        byte[] wireBody() {
            if (!chunked) {
                return body;
            }
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int from = 0; from < body.length; from += 8192) {
                int size = Math.min(8192, body.length - from);
                chunks.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(ISO_8859_1));
                chunks.write(body, from, size);
                chunks.writeBytes("\r\n".getBytes(ISO_8859_1));
            }
            chunks.writeBytes("0\r\n\r\n".getBytes(ISO_8859_1));
            return chunks.toByteArray();
        }
    }

    Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String api = "/api/polls/";
        String json = "Content-Type: application/json";
        byte[] big = ("{\"filler\":\"" + FILLER + "\"}").getBytes(UTF_8);
        byte[] none = new byte[0];
        // The filter's answers: on a GET, and on requests whose body nobody reads.
        rows.add(row("401 not provided, GET", "GET", api, List.of(), none, 401));
        rows.add(row("401 not provided, POST with a body", "POST", api, List.of(json), big, 401));
        rows.add(chunked("401 not provided, chunked POST", "POST", api, List.of(json), big, 401));
        rows.add(row("401 keyword alone, POST", "POST", api, List.of(json, "Authorization: Token"), big, 401));
        rows.add(row("401 spaces in the credential, PUT", "PUT", api, List.of(json, "Authorization: Token a b"), big, 401));
        rows.add(row("401 invalid characters, POST", "POST", api,
                List.of(json, "Authorization: Token a\u00ff\u00feb"), big, 401));
        rows.add(row("401 invalid token, POST", "POST", api, List.of(json, "Authorization: Token nope"), big, 401));
        rows.add(row("401 invalid token on the open obtain endpoint", "POST", WireApp.OBTAIN,
                List.of(json, "Authorization: Token nope"), big, 401));
        rows.add(row("401 user inactive, PATCH", "PATCH", api, List.of(json, "Authorization: Token " + inactiveKey), big, 401));
        // The obtain endpoint's answers.
        rows.add(row("200 login, JSON", "POST", WireApp.OBTAIN, List.of(json),
                utf8("{\"username\":\"" + loginName + "\",\"password\":\"" + WireApp.PASSWORD
                        + "\",\"filler\":\"" + FILLER + "\"}"), 200));
        rows.add(row("400 bad credentials", "POST", WireApp.OBTAIN, List.of(json),
                utf8("{\"username\":\"nobody\",\"password\":\"x\"}"), 400));
        rows.add(row("400 fields required, form", "POST", WireApp.OBTAIN,
                List.of("Content-Type: application/x-www-form-urlencoded"), utf8("filler=" + FILLER), 400));
        rows.add(row("400 blank", "POST", WireApp.OBTAIN, List.of(json), utf8("{\"username\":\"\",\"password\":\"\"}"), 400));
        rows.add(row("400 null", "POST", WireApp.OBTAIN, List.of(json), utf8("{\"username\":null,\"password\":null}"), 400));
        rows.add(row("400 not a string", "POST", WireApp.OBTAIN, List.of(json), utf8("{\"username\":[],\"password\":{}}"), 400));
        rows.add(row("400 not a dictionary", "POST", WireApp.OBTAIN, List.of(json), utf8("[\"" + FILLER + "\"]"), 400));
        rows.add(row("400 no data (JSON null)", "POST", WireApp.OBTAIN, List.of(json), utf8("null"), 400));
        rows.add(row("400 malformed JSON", "POST", WireApp.OBTAIN, List.of(json), utf8("{\"username\": " + FILLER), 400));
        rows.add(row("400 malformed multipart (the reported case)", "POST", WireApp.OBTAIN,
                List.of("Content-Type: multipart/form-data; boundary=xyz"),
                utf8("--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nabc"), 400));
        rows.add(row("400 malformed multipart, larger", "POST", WireApp.OBTAIN,
                List.of("Content-Type: multipart/form-data; boundary=xyz"),
                utf8("--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + FILLER), 400));
        rows.add(row("400 multipart without a boundary", "POST", WireApp.OBTAIN,
                List.of("Content-Type: multipart/form-data"), utf8("--xyz--\r\n" + FILLER), 400));
        rows.add(row("400 multipart, bad credentials", "POST", WireApp.OBTAIN,
                List.of("Content-Type: multipart/form-data; boundary=xyz"),
                utf8("--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nnobody\r\n"
                        + "--xyz\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nx\r\n--xyz--\r\n"), 400));
        rows.add(row("415 text/plain", "POST", WireApp.OBTAIN, List.of("Content-Type: text/plain"), utf8(FILLER), 415));
        rows.add(chunked("415 text/plain, chunked", "POST", WireApp.OBTAIN, List.of("Content-Type: text/plain"),
                utf8(FILLER), 415));
        rows.add(row("415 no content type", "POST", WireApp.OBTAIN, List.of(), utf8(FILLER), 415));
        rows.add(row("405 GET", "GET", WireApp.OBTAIN, List.of(), none, 405));
        rows.add(row("405 PUT with a body", "PUT", WireApp.OBTAIN, List.of(json), big, 405));
        rows.add(row("405 DELETE with a body", "DELETE", WireApp.OBTAIN, List.of(json), big, 405));
        rows.add(row("200 OPTIONS with a body", "OPTIONS", WireApp.OBTAIN, List.of(json), big, 200));
        rows.add(row("406 Accept excludes JSON", "POST", WireApp.OBTAIN, List.of(json, "Accept: text/html"), big, 406));
        byte[] overLimit = utf8("{\"username\":\"" + "u".repeat(70_000) + "\",\"password\":\"x\"}");
        rows.add(row("413 declared length", "POST", WireApp.OBTAIN, List.of(json), overLimit, 413));
        rows.add(chunked("413 chunked", "POST", WireApp.OBTAIN, List.of(json), overLimit, 413));
        rows.add(row("413 declared length beyond what is worth reading", "POST", WireApp.OBTAIN, List.of(json),
                utf8("{\"username\":\"" + "u".repeat(3 << 20) + "\"}"), 413));
        // The store down.
        rows.add(down(row("503 filter, GET", "GET", api, List.of("Authorization: Token " + validKey), none, 503)));
        rows.add(down(row("503 filter, POST with a body", "POST", api,
                List.of(json, "Authorization: Token " + validKey), big, 503)));
        rows.add(down(row("503 obtain endpoint", "POST", WireApp.OBTAIN, List.of(json),
                utf8("{\"username\":\"nobody\",\"password\":\"x\"}"), 503)));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void exchangeWhenAnsweredThenNextRequestOnSameConnectionIsAnsweredOrCloseWasAnnounced(Row row) throws IOException {
        TestContainer target = row.storeDown() ? down : container;
        try (PersistentConnection connection = new PersistentConnection(target.port())) {
            PersistentConnection.Response first = connection.exchange(row.head(), row.wireBody(), 4, 25);
            assertEquals(row.status(), first.status(), row + ": " + first);
            connection.awaitSent();
            if (first.announcesClose()) {
                assertTrue(connection.serverCloses(), row + ": said Connection: close, so the server must close");
                return;
            }
            // An open path, so that the store-down app answers it too; a valid key where the store is up.
            String next = "GET " + TestContainer.CONTEXT_PATH + "/open/next HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + (row.storeDown() ? "" : "Authorization: Token " + validKey + "\r\n") + "\r\n";
            PersistentConnection.Response second;
            try {
                second = connection.exchange(next.getBytes(ISO_8859_1));
            } catch (PersistentConnection.Closed closed) {
                fail(row + ": the answer kept the connection open (no Connection: close), "
                        + "but the next request on it got no answer: " + closed.getMessage());
                return;
            }
            assertEquals(200, second.status(), row + ", then GET: " + second);
        }
    }

    private static Row row(String name, String method, String path, List<String> headers, byte[] body, int status) {
        return new Row(name, false, method, path, headers, body, false, status);
    }

    private static Row chunked(String name, String method, String path, List<String> headers, byte[] body, int status) {
        return new Row(name, false, method, path, headers, body, true, status);
    }

    private static Row down(Row row) {
        return new Row(row.name(), true, row.method(), row.path(), row.headers(), row.body(), row.chunked(), row.status());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }
}
