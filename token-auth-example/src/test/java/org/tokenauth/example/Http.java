package org.tokenauth.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Real HTTP to the example, with java.net.http; never follows redirects, so tests see them. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1, as the library's own wire tests: the default (HTTP/2) makes the JDK client try an
    // h2c upgrade on each new connection, which these servers never offer.
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    /** {@code body} is written as JSON; a String is sent as it is (for malformed JSON). */
    Response json(String method, String path, String token, Object body) {
        String text = body instanceof String s ? s : write(body);
        return send(request(path, token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    Response post(String path, String token, String contentType, String body) {
        HttpRequest.Builder request = request(path, token)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Response method(String method, String path, String token) {
        return send(request(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Sends a POST as raw bytes over a plain socket, exactly as given, and reads the whole answer:
     * for bodies a test wants byte for byte on the wire.
     *
     * @return the status and the body (decoded as UTF-8)
     */
    RawResponse rawPost(String path, String token, String contentType, byte[] body) {
        URI uri = uri(path);
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + (token == null ? "" : "Authorization: Token " + token + "\r\n")
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        String answer = exchange(request);
        int end = answer.indexOf("\r\n\r\n");
        if (!answer.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP answer: " + answer);
        }
        return new RawResponse(Integer.parseInt(answer.substring(9, 12)), answer.substring(0, end),
                answer.substring(end + 4));
    }

    /**
     * Writes {@code request} as it is on a new connection and reads the whole answer, until the
     * server closes (so the request should say {@code Connection: close}).
     *
     * @return the answer, head and body, decoded as UTF-8
     */
    String exchange(byte[] request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in through the library's obtain-token servlet. */
    String login(String username, String password) {
        Response response = json("POST", "/accounts/get_auth_token/", null,
                JSON.createObjectNode().put("username", username).put("password", password));
        if (response.status() != 200) {
            throw new AssertionError("login of " + username + " failed: " + response);
        }
        return response.json().get("token").asText();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        return request;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #rawPost} read: the status, the head as sent (status line and headers) and the body. */
    record RawResponse(int status, String head, String body) {

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    record Response(int status, HttpResponse<String> raw) {

        String body() {
            return raw.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }
}
