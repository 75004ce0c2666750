package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TestClock;
import org.tokenauth.core.TokenService;

/**
 * Hashed mode on the wire, on embedded Jetty: DRF's bodies and statuses with {@code tka_} keys, a
 * token per login, refusals before the store, expiry (DRF's "Invalid token." unless asked to say
 * "Token has expired."), and the opt-in {@code expiry} field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("hashed mode over real HTTP on Jetty")
class HashedModeWireTest {

    private final Http http = new Http();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T08:00:00Z"));
    private WireApp app;
    private TestContainer container;

    @BeforeAll
    void start() throws Exception {
        app = new WireApp();
        TokenService tokens = TokenService.builder(new InMemoryTokenStore())
                .keys(KeyMode.hashed(ServerSecret.of("k1", new byte[32])))
                .tokenPerLogin(2)
                .timeToLive(Duration.ofHours(10))
                .clock(clock)
                .build();
        container = JettyContainer.start((classes, ctx) -> {
            // First, so that it answers on its paths before the other filter does.
            ctx.addFilter("reporting", TokenAuthenticationFilter.builder(tokens, app.users).reportExpiredTokens(true).build())
                    .addMappingForUrlPatterns(null, false, "/reporting/*");
            ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(tokens, app.users)
                            .requireAuthentication(true).openPaths(WireApp.OBTAIN, "/expiry/").build())
                    .addMappingForUrlPatterns(null, false, "/*");
            ServletRegistration.Dynamic obtain = ctx.addServlet("obtain", ObtainTokenServlet.builder(tokens, app.verifier).build());
            obtain.addMapping(WireApp.OBTAIN);
            ctx.addServlet("withExpiry", ObtainTokenServlet.builder(tokens, app.verifier).includeExpiry(true).build())
                    .addMapping("/expiry/");
            ctx.addServlet("echo", new EchoServlet()).addMapping("/");
        });
    }

    @AfterAll
    void stop() {
        container.close();
        app.close();
    }

    /** A new user per test: each test's logins count against that user's cap only. */
    private String newUser() {
        String name = WireApp.uniqueName("hashed");
        app.newUser(name);
        return name;
    }

    private String login(String path, String name) {
        Http.Response response = http.postJson(container.uri(path), WireContractTest.credentials(name, WireApp.PASSWORD));
        assertEquals(200, response.status(), response.toString());
        return response.json().get("token").asText();
    }

    private Http.Response get(String path, String key) {
        return http.get(container.uri(path), "Authorization", "Token " + key);
    }

    @Test
    @DisplayName("each login gets its own tka_ key in DRF's body; beyond the cap the least recently used stops working")
    void postWhenLoggedInTwiceThenTwoKeysThenEvictionAtTheCap() {
        String name = newUser();
        Http.Response first = http.postJson(container.uri(WireApp.OBTAIN), WireContractTest.credentials(name, WireApp.PASSWORD));
        assertTrue(first.text().matches("\\{\"token\":\"tka_[0-9A-Za-z]{36}\"}"), first.text());
        String a = first.json().get("token").asText();
        clock.advance(Duration.ofSeconds(1));
        String b = login(WireApp.OBTAIN, name);
        assertNotEquals(a, b);
        assertEquals(200, get("/api/x", a).status());
        assertEquals(200, get("/api/x", b).status());

        clock.advance(Duration.ofSeconds(1));
        String c = login(WireApp.OBTAIN, name);

        WireContractTest.assertChallenge(get("/api/x", a), WireContractTest.INVALID_TOKEN, "Token");
        assertEquals(200, get("/api/x", c).status());
    }

    @Test
    @DisplayName("a wrong checksum, a DRF key and a wrong prefix are DRF's 401 Invalid token.")
    void getWhenKeyMalformedThen401InvalidToken() {
        String name = newUser();
        String key = login(WireApp.OBTAIN, name);
        char last = key.charAt(key.length() - 1);
        for (String bad : List.of(key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A'),
                "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "tkb_" + key.substring(4))) {
            WireContractTest.assertChallenge(get("/api/x", bad), WireContractTest.INVALID_TOKEN, "Token");
        }
    }

    @Test
    @DisplayName("an expired token: DRF's Invalid token., or Token has expired. where the filter is asked to say so")
    void getWhenExpiredThenInvalidTokenOrExpiredWhenReported() {
        String name = newUser();
        String key = login(WireApp.OBTAIN, name);
        Instant issued = clock.instant();
        try {
            clock.set(issued.plus(Duration.ofHours(10)));
            WireContractTest.assertChallenge(get("/api/x", key), WireContractTest.INVALID_TOKEN, "Token");
            WireContractTest.assertChallenge(get("/reporting/x", key), "{\"detail\":\"Token has expired.\"}", "Token");
        } finally {
            clock.set(issued);
        }
    }

    @Test
    @DisplayName("includeExpiry adds knox's expiry field after the token")
    void postWhenIncludeExpiryThenExpiryInTheBody() {
        String name = newUser();
        Http.Response response = http.postJson(container.uri("/expiry/"), WireContractTest.credentials(name, WireApp.PASSWORD));

        assertEquals(200, response.status(), response.toString());
        String expiry = clock.instant().plus(Duration.ofHours(10)).toString();
        assertTrue(response.text().matches("\\{\"token\":\"tka_[0-9A-Za-z]{36}\",\"expiry\":\"" + expiry + "\"}"), response.text());
    }
}
