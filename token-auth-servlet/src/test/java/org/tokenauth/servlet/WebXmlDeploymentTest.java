package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.servlet.webxml.NamedDatabase;
import org.tokenauth.servlet.webxml.WebXmlAppListener;

/** Real web.xml files deployed with Jetty's WebAppContext: the web.xml path, without a line of registration code. */
class WebXmlDeploymentTest {

    private final Http http = new Http();

    private static Server webapp(String directory) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(TestContainer.CONTEXT_PATH);
        webapp.setWar(Path.of("src/test/resources", directory).toAbsolutePath().toString());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        Server server = new Server();
        server.setHandler(webapp);
        return server;
    }

    @Test
    @DisplayName("web.xml with a listener that sets the ServletContext attributes: obtain, use, refuse, multipart, body limit")
    void deployWhenListenerRegistersCollaboratorsThenWireContractHolds() throws Exception {
        try (TestContainer container = JettyContainer.start(webapp("webapp"))) {
            Http.Response obtained = http.postJson(container.uri("/api-token-auth/"),
                    WireContractTest.credentials(WebXmlAppListener.USERNAME, WebXmlAppListener.PASSWORD));
            assertEquals(200, obtained.status(), obtained.toString());
            String key = obtained.json().get("token").asText();

            Http.Response me = http.get(container.uri("/api/me"), "Authorization", "Token " + key);
            assertEquals(200, me.status(), me.toString());
            assertEquals(WebXmlAppListener.USERNAME, me.json().get("remoteUser").asText());

            WireContractTest.assertChallenge(http.get(container.uri("/api/me")), WireContractTest.NOT_PROVIDED, "Token");
            assertEquals(200, http.get(container.uri("/open/about")).status(), "open-paths from web.xml");

            String boundary = "b0undary";
            String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n"
                    + WebXmlAppListener.USERNAME + "\r\n--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + WebXmlAppListener.PASSWORD
                    + "\r\n--" + boundary + "--\r\n";
            Http.Response viaMultipart = http.post(container.uri("/api-token-auth/"),
                    "multipart/form-data; boundary=" + boundary, multipart);
            assertEquals(obtained.text(), viaMultipart.text(), "<multipart-config> enables multipart; same key");

            Http.Response tooLarge = http.postJson(container.uri("/api-token-auth/"), "{\"username\":\"" + "u".repeat(20_000) + "\"}");
            WireContractTest.assertDrf(tooLarge, 413, "{\"detail\":\"Request body too large: at most 16384 bytes are accepted.\"}");
        }
    }

    @Test
    @DisplayName("web.xml's throttle-username-rate, trusted-proxies and verification-budget apply: the 4th attempt is 429, "
            + "counted per forwarded client, and a 4th verification is 503")
    void deployWhenThrottleInitParamsSetThenApplied() throws Exception {
        try (TestContainer container = JettyContainer.start(webapp("webapp"))) {
            for (int i = 0; i < 3; i++) {
                WireContractTest.assertDrf(http.postJson(container.uri("/api-token-auth/"),
                        WireContractTest.credentials(WebXmlAppListener.USERNAME, "wrong " + i)), 400, WireContractTest.BAD_CREDENTIALS);
            }
            Http.Response throttled = http.postJson(container.uri("/api-token-auth/"),
                    WireContractTest.credentials(WebXmlAppListener.USERNAME, WebXmlAppListener.PASSWORD));
            assertEquals(429, throttled.status(), throttled.toString());
            assertTrue(throttled.text().startsWith("{\"detail\":\"Request was throttled. Expected available in "), throttled.text());

            // 30 a minute per address by default; behind the listed proxy, each forwarded client has its own 30.
            for (int i = 0; i < 30; i++) {
                assertEquals(400, http.post(container.uri("/api-token-auth/"), "application/json", "{}",
                        "X-Forwarded-For", "203.0.113.1, 10.0.0.7").status(), "request " + i);
            }
            assertEquals(429, http.post(container.uri("/api-token-auth/"), "application/json", "{}",
                    "X-Forwarded-For", "198.51.100.1, 203.0.113.1").status());
            assertEquals(400, http.post(container.uri("/api-token-auth/"), "application/json", "{}",
                    "X-Forwarded-For", "203.0.113.2").status());

            // verification-budget 3/minute, verification-burst 3: the three wrong passwords spent it (field errors and 429s cost nothing);
            // another username from another address finds it empty, and the next one is 20 s away.
            Http.Response spent = http.post(container.uri("/api-token-auth/"), "application/json",
                    WireContractTest.credentials("someone-else", "guess"), "X-Forwarded-For", "203.0.113.3");
            WireContractTest.assertDrf(spent, 503, WireContractTest.UNAVAILABLE);
            assertEquals(List.of("20"), spent.headers("Retry-After"));
        }
    }

    @Test
    @DisplayName("bad throttle init-params fail the obtain-token servlet at deployment, naming each one")
    void deployWhenThrottleInitParamsAreBadThenStartFailsNamingEachOne() {
        Server server = webapp("webapp-throttle-misconfigured");
        String text = JettyContainer.failedStart(server);
        for (String expected : new String[] {
            "ObtainTokenServlet 'obtainToken' is misconfigured",
            "init-param 'throttle-username-rate' must be attempts per period, such as '10/minute' (period: second, minute, hour or day),"
                    + " or 'none', but was '5/month'",
            "init-param 'throttle-address-rate' must be attempts per period, such as '10/minute' (period: second, minute, hour or day),"
                    + " or 'none', but was '0/minute'",
            "init-param 'trusted-proxies' has 'proxy.example.com', which is not an IP address or CIDR block",
            "init-param 'max-concurrent-verifications' must be a positive whole number of verifications",
            "init-param 'verification-wait-millis' must be a positive whole number of milliseconds (at most 2147483647), but was '2s'",
            "init-param 'verification-budget' must be attempts per period, such as '10/minute' (period: second, minute, hour or day),"
                    + " or 'none', but was 'fast'",
            "init-param 'verification-burst' must be a positive whole number of verifications (at most 2147483647), but was '0'",
        }) {
            assertTrue(text.contains(expected), () -> "missing \"" + expected + "\" in:\n" + text);
        }
    }

    @Test
    @DisplayName("web.xml naming the collaborators by class, with a custom keyword and no listener")
    void deployWhenCollaboratorsNamedByClassThenWireContractHolds() throws Exception {
        NamedDatabase.create();
        try (TestContainer container = JettyContainer.start(webapp("webapp-classnames"))) {
            Http.Response obtained = http.send(HttpRequest.newBuilder(container.uri("/api-token-auth/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + NamedDatabase.USERNAME
                            + "&password=" + NamedDatabase.PASSWORD.replace(' ', '+'), StandardCharsets.UTF_8)));
            assertEquals(200, obtained.status(), obtained.toString());
            String key = obtained.json().get("token").asText();

            Http.Response me = http.get(container.uri("/api/me"), "Authorization", "BEARER " + key);
            assertEquals(200, me.status(), me.toString());
            assertEquals("Bearer", me.json().get("authType").asText());
            WireContractTest.assertChallenge(http.get(container.uri("/api/me"), "Authorization", "Bearer x"),
                    WireContractTest.INVALID_TOKEN, "Bearer");
        }
    }

    @Test
    @DisplayName("a misconfigured web.xml fails at deployment, naming each bad init-param")
    void deployWhenInitParamsAreBadThenStartFailsNamingEachOne() {
        Server server = webapp("webapp-misconfigured");
        String text = JettyContainer.failedStart(server);
        for (String expected : new String[] {
            "TokenAuthenticationFilter 'tokenAuth' is misconfigured",
            "init-param 'keyword' must be one word of printable ASCII (like Token or Bearer), but was 'Token Bearer'",
            "init-param 'require-authentication' must be true or false, but was 'yes'",
            "init-param 'open-paths' not a servlet path pattern",
            "'/bad*path'",
            "init-param 'token-store-class' names class 'com.example.NoSuchStore', which cannot be loaded",
            "init-param 'user-lookup-class' names class 'java.lang.String', which does not implement org.tokenauth.core.UserLookup",
            "unknown init-param 'require-authentification'",
        }) {
            assertTrue(text.contains(expected), () -> "missing \"" + expected + "\" in:\n" + text);
        }
    }
}
