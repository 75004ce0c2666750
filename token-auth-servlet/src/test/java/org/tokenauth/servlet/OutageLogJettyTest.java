package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 4, through real Jetty and a real outage: the users table disappears (renamed
 * away) under the running app, then comes back. The log says so once in full per component, and
 * once more when requests succeed again, not once per request.
 */
class OutageLogJettyTest {

    private static final String FILTER = "ERROR org.tokenauth.servlet.TokenAuthenticationFilter - ";
    private static final String SERVLET = "ERROR org.tokenauth.servlet.ObtainTokenServlet - ";

    private static void execute(WireApp app, String sql) throws SQLException {
        try (Connection connection = app.db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("an outage of 6 requests per component logs one full ERROR each, no more stack traces, then one recovered line each")
    void doFilterAndPostWhenStoreFailsThenRecoversThenOneFullEntryAndOneRecoveredLine() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        String key;
        try (WireApp app = new WireApp(); TestContainer jetty = JettyContainer.start(app.protectedApp())) {
            String username = WireApp.uniqueName("outage");
            key = app.tokens.issueFor(app.newUser(username)).key();
            Http http = new Http();
            String login = "{\"username\":\"" + username + "\",\"password\":\"" + WireApp.PASSWORD + "\"}";
            assertEquals(200, http.get(jetty.uri("/api/polls/"), "Authorization", "Token " + key).status());

            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            execute(app, "ALTER TABLE users RENAME TO users_away"); // the outage
            for (int i = 0; i < 6; i++) {
                assertEquals(503, http.get(jetty.uri("/api/polls/"), "Authorization", "Token " + key).status());
                assertEquals(503, http.postJson(jetty.uri(WireApp.OBTAIN), login).status());
            }
            execute(app, "ALTER TABLE users_away RENAME TO users"); // recovered
            assertEquals(200, http.get(jetty.uri("/api/polls/"), "Authorization", "Token " + key).status());
            assertEquals(200, http.postJson(jetty.uri(WireApp.OBTAIN), login).status());
        } finally {
            System.setErr(stderr);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, count(log, FILTER), "the filter's 6 failures: one ERROR\n" + log);
        assertEquals(1, count(log, SERVLET), "the servlet's 6 failures: one ERROR\n" + log);
        assertTrue(log.contains(FILTER + "Token authentication of GET /api/polls/ failed; answered 503"), log);
        assertEquals(1, count(log, "\tat org.tokenauth.core.TokenAuthenticator.authenticate("), "one stack trace\n" + log);
        assertEquals(1, count(log, "\tat org.tokenauth.servlet.ObtainTokenServlet.login("), "one stack trace\n" + log);
        assertTrue(log.contains("WARN org.tokenauth.servlet.TokenAuthenticationFilter - Storage recovered after "), log);
        assertTrue(log.contains("WARN org.tokenauth.servlet.ObtainTokenServlet - Storage recovered after "), log);
        assertEquals(2, count(log, "6 requests were answered 503 since "), log);
        assertFalse(log.contains(key), "the key was logged");
    }
}
