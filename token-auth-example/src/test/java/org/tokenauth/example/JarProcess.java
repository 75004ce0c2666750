package org.tokenauth.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built runnable jar in a process of its own, as README runs it: {@code java -jar
 * token-auth-example.jar [options]}. Its output (standard error merged in) is read on a thread
 * of its own, the last lines kept for {@link #output()}; {@link #close()} stops it as Ctrl+C
 * would (SIGTERM: the shutdown hook stops Jetty), then by force.
 */
final class JarProcess implements AutoCloseable {

    /** The jar the build made (failsafe names it; the default for a run from the module's folder). */
    static final Path JAR = Path.of(System.getProperty("tokenauth.test.jar", "target/token-auth-example.jar"));

    private static final Pattern RUNNING = Pattern.compile("token-auth example is running: (http://\\S+/)polls/");

    /** Enough for a whole run of RunnableJarIT; a long run keeps its last lines only. */
    private static final int KEPT_LINES = 10_000;

    private final String name;
    private final Process process;
    private final Thread reader;
    private final Deque<String> kept = new ArrayDeque<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean awaitingBanner = true;

    private JarProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::read, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java [jvmOptions] -jar jar [args]} in {@code folder}.
     *
     * @param name       for messages and the reader thread's name
     * @param folder     the working directory
     * @param jar        the jar, relative to {@code folder} or absolute
     * @param jvmOptions options for the JVM, before {@code -jar}
     * @param args       the example's options
     * @return the process, starting
     * @throws IOException if {@code java} cannot be started
     */
    static JarProcess start(String name, Path folder, Path jar, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return new JarProcess(name, new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (kept) {
                    kept.addLast(line);
                    if (kept.size() > KEPT_LINES) {
                        kept.removeFirst();
                    }
                }
                if (awaitingBanner) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            synchronized (kept) {
                kept.addLast("(output lost: " + e + ")");
            }
        }
    }

    /**
     * Waits for the banner's "is running" line.
     *
     * @param timeoutSeconds how long to wait at most
     * @return the application's root URL, e.g. {@code http://127.0.0.1:41234/}
     * @throws AssertionError with the output, if the process exits or prints no banner in time
     */
    URI awaitBanner(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    Matcher running = RUNNING.matcher(line);
                    if (running.find()) {
                        return URI.create(running.group(1));
                    }
                } else if (!process.isAlive()) {
                    throw new AssertionError(name + ": java -jar exited with " + process.exitValue() + ":\n" + output());
                }
            }
            throw new AssertionError(name + ": no banner within " + timeoutSeconds + " s:\n" + output());
        } finally {
            awaitingBanner = false;
            lines.clear();
        }
    }

    /** {@return the output so far (its last lines on a long run)} */
    String output() {
        synchronized (kept) {
            return String.join("\n", kept);
        }
    }

    /** {@return whether the process still runs} */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) and waits for the rest of its output. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            process.destroyForcibly(); // no process outlives the test
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
