package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's run command, {@code java -jar token-auth-example.jar}, on the built jar copied alone into
 * an empty folder: it starts, serves its pages and its API from the one jar, and stops.
 */
@DisplayName("the runnable jar, copied anywhere")
class RunnableJarIT {

    private static final Path JAR = Path.of(System.getProperty("tokenauth.test.jar", "target/token-auth-example.jar"));
    private static final Pattern RUNNING = Pattern.compile("token-auth example is running: (http://\\S+/)polls/");
    private static final String PASSWORD = "runnable jar pw";

    @Test
    @DisplayName("java -jar in an empty folder: the banner, the polls page, a login and the API answer")
    void javaJarWhenCopiedAloneThenServes(@TempDir Path folder) throws Exception {
        Path jar = Files.copy(JAR, folder.resolve("token-auth-example.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Class-Path")).as("Class-Path").isNull();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", "token-auth-example.jar", "--port", "0",
                "--demo-password", PASSWORD, "--password-iterations", "1000")
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                output.add("(output lost: " + e + ")");
            }
        }, "runnable-jar-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI base = awaitBanner(process, lines, output);
            Http http = new Http(base);

            Http.Response page = http.get("/polls/", null);
            assertThat(page.status()).as("the polls page, from the jar's META-INF/resources").isEqualTo(200);
            assertThat(page.body()).contains("<html");
            assertThat(http.get("/polls/api/questions/", null).json().get("detail").asText())
                    .isEqualTo("Authentication credentials were not provided.");

            String token = http.login("admin", PASSWORD); // Hibernate on H2 inside the jar
            Http.Response questions = http.get("/polls/api/questions/", token);
            assertThat(questions.status()).isEqualTo(200);
            assertThat(questions.json().size()).as("the demo questions").isPositive();
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook stops Jetty
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        reader.join(10_000);
        assertThat(String.join("\n", output)).as("output").doesNotContain("Exception");
    }

    private static URI awaitBanner(Process process, BlockingQueue<String> lines, List<String> output)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher running = RUNNING.matcher(line);
                if (running.find()) {
                    return URI.create(running.group(1));
                }
            } else if (!process.isAlive()) {
                throw new AssertionError("java -jar exited with " + process.exitValue() + ":\n" + String.join("\n", output));
            }
        }
        throw new AssertionError("no banner within 120 s:\n" + String.join("\n", output));
    }
}
