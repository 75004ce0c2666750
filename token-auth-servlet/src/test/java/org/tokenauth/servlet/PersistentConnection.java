package org.tokenauth.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP/1.1 connection kept open across requests, as a pooled client (HttpClient, Python
 * {@code requests}, browsers) keeps it: requests are written as raw bytes, responses read by
 * their framing ({@code Content-Length} or chunked), never until the server closes.
 *
 * <p>The body of a request is written from another thread, in pieces with a pause between them,
 * and goes on after the server has answered: a real client does not stop sending because an answer
 * arrived early, and a server that answers before the body is in must still cope with the rest.
 */
public final class PersistentConnection implements AutoCloseable {

    /** What an exchange throws when the server has closed the connection: end of stream or a reset. */
    public static final class Closed extends IOException {
        private static final long serialVersionUID = 1L;

        Closed(String message) {
            super(message);
        }
    }

    /** A response as received; header names in lower case. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        /** @return the values of header {@code name}, in any case */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** @return whether the response says {@code Connection: close} */
        public boolean announcesClose() {
            return headers("Connection").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private CompletableFuture<Void> sending = CompletableFuture.completedFuture(null);

    /** @param port a port on 127.0.0.1 */
    public PersistentConnection(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the head at once, then the body in {@code pieces} parts with {@code pauseMillis}
     * between them, and returns the response (read while the body may still be on its way).
     */
    public Response exchange(byte[] head, byte[] body, int pieces, long pauseMillis) throws IOException {
        out.write(head);
        out.flush();
        sending = CompletableFuture.runAsync(() -> {
            try {
                int piece = Math.max(1, (body.length + pieces - 1) / Math.max(1, pieces));
                for (int from = 0; from < body.length; from += piece) {
                    Thread.sleep(pauseMillis);
                    out.write(body, from, Math.min(piece, body.length - from));
                    out.flush();
                }
            } catch (IOException closed) {
                // The server stopped reading and closed: what it answered is read by the caller.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return readResponse();
    }

    /** Waits until the body of the last request has been written (or the server refused the rest). */
    public void awaitSent() {
        try {
            sending.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the request body could not be sent", e);
        }
    }

    /** Sends a whole request with no body and returns its response. */
    public Response exchange(byte[] request) throws IOException {
        try {
            out.write(request);
            out.flush();
        } catch (java.net.SocketException closed) {
            throw new Closed("the server had closed the connection: " + closed.getMessage());
        }
        return readResponse();
    }

    /** Whether the server closes this connection: end of stream or a reset, within the read timeout. */
    public boolean serverCloses() {
        try {
            return in.read() < 0;
        } catch (IOException closedOrReset) {
            return !(closedOrReset instanceof java.net.SocketTimeoutException);
        }
    }

    private Response readResponse() throws IOException {
        String statusLine = line();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if (status == 100) {
            return readResponse(); // an interim answer to Expect: 100-continue
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Optional<String> length = first(headers, "content-length");
        if (first(headers, "transfer-encoding").filter(te -> te.equalsIgnoreCase("chunked")).isPresent()) {
            for (int size; (size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0; ) {
                body.write(exactly(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length.isPresent()) {
            body.write(exactly(Integer.parseInt(length.get())));
        }
        return new Response(status, headers, body.toByteArray());
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private byte[] exactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new Closed("the server closed the connection inside a response body");
        }
        return bytes;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketException reset) {
                throw new Closed("the server reset the connection: " + reset.getMessage());
            }
            if (b < 0) {
                throw new Closed(line.size() == 0 ? "the server closed the connection without answering"
                        : "the server closed the connection inside a response head");
            }
            if (b == '\n') {
                String text = line.toString(ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    @Override
    public void close() {
        sending.cancel(true);
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket: nothing to do
        }
    }
}
