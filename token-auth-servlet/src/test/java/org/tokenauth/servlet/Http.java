package org.tokenauth.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Real HTTP for tests: {@link HttpClient}, and raw sockets for bytes HttpClient refuses to send. */
final class Http {

    /** A response as received. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String text() {
            return new String(body, UTF_8);
        }

        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            return new Response(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Response post(URI uri, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Response postJson(URI uri, String json) {
        return post(uri, "application/json", json);
    }

    /**
     * Sends exactly these bytes on a new connection and reads the response until the server
     * closes it (the request should say {@code Connection: close}).
     */
    static Response raw(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // A server may reset after answering; what was received is the answer.
            }
            return parse(received.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the head, then the body in pieces with a pause between them (a client on a slow link),
     * without stopping when the server has already answered, then reads the response until the
     * server closes the connection.
     */
    static Response rawInPieces(int port, byte[] head, byte[] body, int piece) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                for (int from = 0; from < body.length; from += piece) {
                    out.write(body, from, Math.min(piece, body.length - from));
                    out.flush();
                    Thread.sleep(2);
                }
            } catch (java.net.SocketException closed) {
                // The server stopped reading; whatever it answered is still to be read.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // What was received before a reset is the answer, if any.
            }
            return parse(received.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET of {@code path} (inside the app) with one raw header line appended as bytes. */
    static Response rawGet(int port, String path, byte[] headerLine) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("GET " + TestContainer.CONTEXT_PATH + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n").getBytes(ISO_8859_1));
        if (headerLine != null) {
            request.writeBytes(headerLine);
            request.writeBytes("\r\n".getBytes(ISO_8859_1));
        }
        request.writeBytes("\r\n".getBytes(ISO_8859_1));
        return raw(port, request.toByteArray());
    }

    private static Response parse(byte[] bytes) {
        int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(ISO_8859_1), 0);
        if (headEnd < 0) {
            throw new IllegalStateException("no complete response: " + new String(bytes, ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, headEnd, ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length").get(0));
            body = java.util.Arrays.copyOf(body, Math.min(length, body.length));
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(ISO_8859_1), pos);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(chunked, pos, lineEnd - pos, ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
