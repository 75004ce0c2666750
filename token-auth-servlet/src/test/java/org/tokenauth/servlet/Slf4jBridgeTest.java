package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * README's "Logging" advice, followed: with {@code org.slf4j:slf4j-jdk-platform-logging} on the class
 * path (as on this module's test class path), the library's {@code System.Logger} records reach
 * SLF4J, here its simple logger, which writes to {@code System.err}.
 */
class Slf4jBridgeTest {

    @Test
    @DisplayName("a 503 from a database outage logs one ERROR through SLF4J, with the request and without the key")
    void doFilterWhenStoreDownThenErrorReachesSlf4j() throws Exception {
        assertEquals("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder",
                System.LoggerFinder.getLoggerFinder().getClass().getName(), "System.Logger's provider");
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());

        String key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        try (WireApp app = new WireApp(); TestContainer down = JettyContainer.start(app.protectedApp())) {
            app.db.close(); // the outage
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Http.Response response = new Http().get(down.uri("/api/polls/"), "Authorization", "Token " + key);
            assertEquals(503, response.status());
        } finally {
            System.setErr(stderr);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("ERROR org.tokenauth.servlet.TokenAuthenticationFilter - Token authentication of GET "),
                "SLF4J simple's format (level, logger name, message), not java.util.logging's:\n" + log);
        assertTrue(log.contains("failed; answered 503"), log);
        assertFalse(log.contains(key), "the key was logged");
    }
}
