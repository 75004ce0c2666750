package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built WAR, deployed as a file into a Servlet 6 container under a context path, configured the
 * WAR way (system properties). Each container runs the same tests through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WarDeploymentContract {

    static final String CONTEXT = "/polls-example";
    private static final String PASSWORD = "a-long-password-for-the-war-test";
    private static final List<String> PROPERTIES = List.of("tokenauth.example.db.url", "tokenauth.example.demo.password",
            "tokenauth.example.password.iterations");

    final Path war = Path.of(System.getProperty("tokenauth.test.war", "target/token-auth-example.war"));
    private Http http;

    /**
     * Deploys {@link #war} at {@link #CONTEXT} and starts the container on 127.0.0.1.
     *
     * @return the port
     */
    abstract int deploy() throws Exception;

    abstract void undeploy() throws Exception;

    @BeforeAll
    void start() throws Exception {
        System.setProperty("tokenauth.example.db.url", "jdbc:h2:mem:war-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        System.setProperty("tokenauth.example.demo.password", PASSWORD);
        System.setProperty("tokenauth.example.password.iterations", "1000");
        http = new Http(URI.create("http://127.0.0.1:" + deploy() + CONTEXT + "/"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            undeploy();
        } finally {
            PROPERTIES.forEach(System::clearProperty);
        }
    }

    @Test
    @DisplayName("the WAR holds the application and its libraries, but no container")
    void warContents() throws Exception {
        List<String> libs = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/")).forEach(libs::add);
            assertThat(zip.getEntry("WEB-INF/web.xml")).isNotNull();
        }
        assertThat(libs).anyMatch(n -> n.contains("token-auth-servlet-"))
                .anyMatch(n -> n.contains("token-auth-core-"))
                .anyMatch(n -> n.contains("token-auth-example-"))
                .noneMatch(n -> n.contains("jetty-"))
                .noneMatch(n -> n.contains("servlet-api"));
    }

    @Test
    @DisplayName("under a context path: the pages, the 401, the login, registration and the data")
    void walkthroughUnderContextPath() {
        assertThat(http.get("polls/", null).body()).contains("static/polls.js");
        assertThat(http.get("accounts/auth/", null).body()).contains("login-form");
        assertThat(http.get("accounts/logout/", null).body()).contains("static/logout.js");
        assertThat(http.get("static/app.css", null).status()).isEqualTo(200);

        Http.Response anonymous = http.get("polls/api/questions/", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");

        String token = http.login("admin", PASSWORD);
        Http.Response questions = http.get("polls/api/questions/", token);
        assertThat(questions.status()).isEqualTo(200);
        assertThat(questions.json().size()).isGreaterThanOrEqualTo(3);

        Http.Response registered = http.json("POST", "accounts/register/", null,
                Map.of("username", "war-user", "password", "correct horse battery"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(http.get("polls/api/questions/", registered.json().get("token").asText()).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a malformed multipart body, sent byte for byte, is DRF's 400 in any container, never a 500")
    void malformedMultipartIs400() {
        String token = http.login("admin", PASSWORD);
        // The part never ends: Tomcat reports it from getParts() as an IOException, Jetty as an IllegalStateException.
        byte[] body = "--xyz\r\nContent-Disposition: form-data; name=\"question_text\"\r\n\r\nabc"
                .getBytes(StandardCharsets.UTF_8);
        Http.RawResponse response = http.rawPost("polls/api/questions/", token, "multipart/form-data; boundary=xyz", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Multipart form parse error - Invalid multipart body.\"}");
        assertThat(http.get("polls/api/questions/", token).json().findValuesAsText("question_text")).doesNotContain("abc");
    }
}
