package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.hygiene.IssuedKeys;

/**
 * The log-hygiene guard (core's {@code KeyLeakGuard}) sees error pages: a servlet that puts a
 * key issued in this run into a 500's body, on Jetty and on Tomcat, is caught; a 200 carrying a
 * key (the obtain endpoint's job) is not a leak. The planted key is forgotten afterwards.
 */
class KeyLeakGuardErrorPageTest {

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void aKeyInAnErrorPageIsCaught(String containerName) throws Exception {
        String key = new TokenService(new InMemoryTokenStore()).issueFor("planted-" + containerName).key();
        ServletContainerInitializer app = (classes, context) -> context.addServlet("leaky", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setStatus(request.getPathInfo().equals("/fail") ? 500 : 200);
                response.setContentType("application/json");
                response.getWriter().write("{\"token\":\"" + key + "\"}");
            }
        }).addMapping("/leaky/*");
        try (TestContainer container = containerName.equals("jetty") ? JettyContainer.start(app) : TomcatContainer.start(app)) {
            HttpClient client = HttpClient.newHttpClient();
            assertEquals(200, client.send(HttpRequest.newBuilder(container.uri("/leaky/ok")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertTrue(leaksOf(key).isEmpty(), "a 200 may carry a key");
            assertEquals(500, client.send(HttpRequest.newBuilder(container.uri("/leaky/fail")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            List<IssuedKeys.Leak> leaks = leaksOf(key);
            assertEquals(1, leaks.size(), leaks::toString);
            assertTrue(leaks.get(0).where().startsWith("an error page (500)"), leaks::toString);
        } finally {
            IssuedKeys.forget(key);
        }
    }

    private static List<IssuedKeys.Leak> leaksOf(String key) {
        return IssuedKeys.leaks().stream().filter(leak -> leak.key().equals(key)).toList();
    }
}
