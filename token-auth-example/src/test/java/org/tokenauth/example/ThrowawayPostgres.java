package org.tokenauth.example;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory, on a free loopback port: made
 * with the installed {@code initdb} and run with {@code pg_ctl}, so a test may stop and restart
 * it. As root, the server runs as the {@code postgres} user ({@code runuser}), since PostgreSQL
 * refuses to run as root. Without the binaries the test is skipped, visibly, unless
 * TOKENAUTH_TEST_POSTGRES_REQUIRED=true, which makes it fail.
 */
final class ThrowawayPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    static ThrowawayPostgres start() throws Exception {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("tokenauth-pg-");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, port, root);
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-sync"));
        pg.startServer();
        return pg;
    }

    private static Path binaries() {
        boolean required = "true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_POSTGRES_REQUIRED"))
                || "true".equalsIgnoreCase(System.getProperty("tokenauth.test.postgres.required"));
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            Path bin = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString))
                    .orElse(null);
            if (bin == null) {
                String message = "no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin:"
                        + " install the postgresql package to run this test";
                if (required) {
                    fail("TOKENAUTH_TEST_POSTGRES_REQUIRED=true but " + message);
                }
                abort(message);
            }
            return bin;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the JDBC URL of the cluster's {@code postgres} database */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Starts the stopped server again, on the same port and data. */
    void startServer() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops the server at once, as a crash or a failover would: open connections are cut. */
    void stopServer() throws Exception {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"));
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop"), asPostgres, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException("could not stop the throwaway PostgreSQL in " + dir, e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(List<String> command) throws Exception {
        run(command, asPostgres, false);
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
        run(command, asPostgres, false);
    }

    private static void run(List<String> command, boolean asPostgres, boolean mayFail) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", full) + " did not finish");
        }
        if (process.exitValue() != 0 && !mayFail) {
            throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "): " + output);
        }
    }
}
