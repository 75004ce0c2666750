package org.tokenauth.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of a test's own, on a free loopback port, keeping nothing on disk: for
 * outages the test makes itself (stop, freeze) without touching the shared Redis. Skipped without
 * {@code redis-server} on the path, unless {@code TOKENAUTH_TEST_REDIS_REQUIRED=true}. Public for
 * the example's tests, through core's test-jar.
 */
public final class RedisProcess implements AutoCloseable {

    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    private RedisProcess(Path dir, int port, String... options) {
        this.port = port;
        this.log = dir.resolve("redis-" + port + ".log");
        this.command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()));
        command.addAll(List.of(options));
    }

    /**
     * Starts a server, and waits until it answers.
     *
     * @param dir     its working directory (a test's temporary one)
     * @param options more options, e.g. {@code --requirepass}, {@code secret}
     * @return the running server; close it
     */
    public static RedisProcess start(Path dir, String... options) throws IOException, InterruptedException {
        boolean installed = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":")).stream()
                .anyMatch(bin -> Files.isExecutable(Path.of(bin, "redis-server")));
        if (!installed) {
            String message = "no redis-server on the path for the tests that start their own Redis";
            if (RedisTestServer.required()) {
                throw new AssertionError(message + "; TOKENAUTH_TEST_REDIS_REQUIRED=true forbids skipping");
            }
            Assumptions.abort(message);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        RedisProcess redis = new RedisProcess(dir, port, options);
        redis.start();
        return redis;
    }

    /** {@return its URL, e.g. {@code redis://127.0.0.1:40123}} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, on the same port), and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("redis-server on port " + port + " did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Stops it (SIGTERM) and waits until it has. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Freezes it (SIGSTOP): connections stay open, nothing is answered. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (status != 0) {
            throw new AssertionError("kill -" + signal + " failed: " + status);
        }
    }

    /** A PING answered with {@code +PONG}, or {@code -NOAUTH} by a server with a password. */
    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills it (SIGKILL, which ends a frozen server too). */
    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly().onExit().join();
        }
    }
}
