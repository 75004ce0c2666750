package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's run command, {@code java -jar token-auth-example.jar}, on the built jar copied alone into
 * an empty folder: it starts, serves its pages and its API from the one jar, and stops.
 */
@DisplayName("the runnable jar, copied anywhere")
class RunnableJarIT {

    private static final String PASSWORD = "runnable jar pw";

    @Test
    @DisplayName("java -jar in an empty folder: the banner, the polls page, a login and the API answer")
    void javaJarWhenCopiedAloneThenServes(@TempDir Path folder) throws Exception {
        Path jar = Files.copy(JarProcess.JAR, folder.resolve("token-auth-example.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Class-Path")).as("Class-Path").isNull();
        }
        JarProcess process = JarProcess.start("runnable-jar", folder, Path.of("token-auth-example.jar"), List.of(),
                List.of("--port", "0", "--demo-password", PASSWORD, "--password-iterations", "1000"));
        try (process) { // closing sends SIGTERM: the shutdown hook stops Jetty
            Http http = new Http(process.awaitBanner(120));

            Http.Response page = http.get("/polls/", null);
            assertThat(page.status()).as("the polls page, from the jar's META-INF/resources").isEqualTo(200);
            assertThat(page.body()).contains("<html");
            assertThat(http.get("/polls/api/questions/", null).json().get("detail").asText())
                    .isEqualTo("Authentication credentials were not provided.");

            String token = http.login("admin", PASSWORD); // Hibernate on H2 inside the jar
            Http.Response questions = http.get("/polls/api/questions/", token);
            assertThat(questions.status()).isEqualTo(200);
            assertThat(questions.json().size()).as("the demo questions").isPositive();
        }
        assertThat(process.output()).as("output").doesNotContain("Exception");
    }
}
