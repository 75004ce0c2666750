package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenService;
import org.tokenauth.servlet.webxml.WebXmlAppListener;

/**
 * Issue 10: the filter's one refusal seam ({@link Challenge}: DRF's bytes by default, RFC 6750,
 * RFC 9457), scopes as roles, {@link ScopeRules}' 403, the obtain endpoint's default scopes, the
 * management servlets in DRF mode, and all of it from web.xml. Real Jetty, real HTTP.
 */
class ChallengeAndScopesTest {

    static final String NO_PERMISSION = "{\"detail\":\"You do not have permission to perform this action.\"}";

    final Http http = new Http();
    WireApp app;
    TestContainer container;
    TokenService tokens;

    /** Hashed mode; logins get polls:read; POST/DELETE under /polls/ need polls:write; /roles reports isUserInRole. */
    void start(UnaryOperator<TokenAuthenticationFilter.Builder> filter) throws Exception {
        app = new WireApp();
        tokens = TokenService.builder(new InMemoryTokenStore())
                .keys(KeyMode.hashed(ServerSecret.of("k1", new byte[32]))).tokenPerLogin(10).timeToLive(Duration.ofHours(1)).build();
        container = JettyContainer.start((classes, ctx) -> {
            ctx.addFilter("tokenAuth", filter.apply(TokenAuthenticationFilter.builder(tokens, app.users)
                    .openPaths(WireApp.OBTAIN, "/open/*")
                    .scopeRules(ScopeRules.builder().require("polls:write", "/polls/*", "POST", "DELETE").build())).build())
                    .addMappingForUrlPatterns(null, false, "/*");
            ctx.addServlet("obtain", ObtainTokenServlet.builder(tokens, app.verifier).addressRate("none").usernameRate("none").verificationBudget("none")
                    .defaultScopes("polls:read").build()).addMapping(WireApp.OBTAIN);
            ctx.addServlet("roles", new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.setContentType("text/plain");
                    response.getWriter().print(request.isUserInRole("polls:read") + " " + request.isUserInRole("polls:write"));
                }
            }).addMapping("/roles");
            ctx.addServlet("echo", new EchoServlet()).addMapping("/");
        });
    }

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
        if (app != null) {
            app.close();
        }
    }

    String login() {
        String username = WireApp.uniqueName("scopes");
        app.newUser(username);
        Http.Response response = http.postJson(container.uri(WireApp.OBTAIN), WireContractTest.credentials(username, WireApp.PASSWORD));
        assertEquals(200, response.status(), response::toString);
        return response.json().get("token").asText();
    }

    Http.Response send(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(container.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request);
    }

    @Test
    @DisplayName("the obtain endpoint's default scopes are the token's roles: isUserInRole")
    void scopesAreRoles() throws Exception {
        start(b -> b);
        assertEquals("true false", send("GET", "/roles", "Token " + login()).text());
        assertEquals("false false", send("GET", "/roles", null).text(), "anonymous: no roles");
    }

    @Test
    @DisplayName("a token lacking a rule's scope gets DRF's 403; one holding it, or another method, goes on; anonymous gets 401")
    void scopeRulesRefuseWithDrf403() throws Exception {
        start(b -> b);
        String key = login();
        Http.Response refused = send("POST", "/polls/1/vote", "Token " + key);
        WireContractTest.assertDrf(refused, 403, NO_PERMISSION);
        assertEquals(List.of(), refused.headers("WWW-Authenticate"), "DRF's 403 has no challenge");
        assertEquals(200, send("GET", "/polls/1", "Token " + key).status());
        assertEquals(200, send("POST", "/elsewhere", "Token " + key).status());
        WireContractTest.assertChallenge(send("DELETE", "/polls/1", null), WireContractTest.NOT_PROVIDED, "Token");

        String writer = tokens.issueFor(tokens.tokensOf(userOf(key)).get(0).userId(), "w", java.util.Set.of("polls:write"), null).key();
        assertEquals(200, send("POST", "/polls/1/vote", "Token " + writer).status());
    }

    private String userOf(String key) {
        return ((org.tokenauth.core.TokenCheck.Valid) tokens.check(key)).token().userId();
    }

    @Test
    @DisplayName("Challenge.bearer: RFC 6750 parameters on every challenge, DRF's bodies kept")
    void bearerChallenge() throws Exception {
        start(b -> b.keyword("Bearer").requireAuthentication(true).challenge(Challenge.bearer("example")));
        Http.Response none = send("GET", "/x", null);
        WireContractTest.assertDrf(none, 401, WireContractTest.NOT_PROVIDED);
        assertEquals(List.of("Bearer realm=\"example\""), none.headers("WWW-Authenticate"), "no error code without credentials");
        Http.Response invalid = send("GET", "/x", "Bearer tka_nope");
        WireContractTest.assertDrf(invalid, 401, "{\"detail\":\"Invalid token.\"}");
        assertEquals(List.of("Bearer realm=\"example\", error=\"invalid_token\", error_description=\"Invalid token.\""),
                invalid.headers("WWW-Authenticate"));
        Http.Response spaces = send("GET", "/x", "Bearer a b");
        assertEquals(List.of("Bearer realm=\"example\", error=\"invalid_token\", "
                + "error_description=\"Invalid token header. Token string should not contain spaces.\""), spaces.headers("WWW-Authenticate"));
        Http.Response forbidden = send("POST", "/polls/1", "Bearer " + login());
        WireContractTest.assertDrf(forbidden, 403, NO_PERMISSION);
        assertEquals(List.of("Bearer realm=\"example\", error=\"insufficient_scope\", scope=\"polls:write\""),
                forbidden.headers("WWW-Authenticate"));
    }

    @Test
    @DisplayName("Challenge.problemDetails: RFC 9457 bodies as application/problem+json, DRF's bare challenge")
    void problemDetails() throws Exception {
        start(b -> b.requireAuthentication(true).challenge(Challenge.problemDetails()));
        Http.Response invalid = send("GET", "/x", "Token nope");
        assertEquals(401, invalid.status());
        assertEquals("application/problem+json", invalid.header("Content-Type").orElse(null));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Invalid token.\"}", invalid.text());
        assertEquals(List.of("Token"), invalid.headers("WWW-Authenticate"));
        Http.Response forbidden = send("POST", "/polls/1", "Token " + login());
        assertEquals(403, forbidden.status());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"You do not have permission to perform this action.\"}", forbidden.text());
    }

    @Test
    @DisplayName("Challenge.parse and ScopeRules.parse read their init-params, and name what is wrong")
    void initParamSyntax() {
        assertEquals(Challenge.drf(), Challenge.parse("drf"));
        assertEquals(Challenge.problemDetails(), Challenge.parse(" Problem "));
        assertEquals(Challenge.bearer(null), Challenge.parse("bearer"));
        assertEquals(Challenge.bearer("api"), Challenge.parse("bearer realm=\"api\""));
        assertThrows(IllegalArgumentException.class, () -> Challenge.parse("basic"));
        assertThrows(IllegalArgumentException.class, () -> Challenge.bearer("a\"b"));
        ScopeRules rules = ScopeRules.parse("GET /a/* a:read; POST,PUT /a/* a:write;");
        assertTrue(rules.applies("HEAD", "/a/x"), "GET covers HEAD");
        assertTrue(rules.applies("put", "/a"));
        assertTrue(!rules.applies("DELETE", "/a/x"));
        assertTrue(ScopeRules.parse("* *.csv export").applies("PATCH", "/r/x.csv"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ScopeRules.parse("GET /a/*"));
        assertTrue(bad.getMessage().contains("METHODS PATTERN SCOPE"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScopeRules.parse("GET /a* x"));
    }

    @Test
    @DisplayName("DRF mode: logout-all is logout, the list has the one token, creating a named token is 405")
    void drfModeManagement() throws Exception {
        app = new WireApp();
        container = JettyContainer.start((classes, ctx) -> {
            ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(app.tokens, app.users).requireAuthentication(true)
                    .openPaths(WireApp.OBTAIN).build()).addMappingForUrlPatterns(null, false, "/*");
            ctx.addServlet("obtain", ObtainTokenServlet.builder(app.tokens, app.verifier).build()).addMapping(WireApp.OBTAIN);
            ctx.addServlet("all", TokenManagementServlet.builder(app.tokens, TokenManagementServlet.Action.LOGOUT_ALL).build())
                    .addMapping("/logoutall/");
            ctx.addServlet("tokens", TokenManagementServlet.builder(app.tokens, TokenManagementServlet.Action.TOKENS).build())
                    .addMapping("/tokens/*");
            ctx.addServlet("echo", new EchoServlet()).addMapping("/");
        });
        String key = login();
        Http.Response list = send("GET", "/tokens/", "Token " + key);
        assertEquals(200, list.status(), list::toString);
        assertEquals(1, list.json().size());
        assertEquals("{\"name\":\"\",\"expires\":null,\"last_used\":null,\"scopes\":[],\"current\":true}",
                ((com.fasterxml.jackson.databind.node.ObjectNode) list.json().get(0)).without(List.of("id", "created")).toString());
        Http.Response create = http.post(container.uri("/tokens/"), "application/json", "{\"name\":\"x\"}", "Authorization", "Token " + key);
        WireContractTest.assertDrf(create, 405, "{\"detail\":\"Method \\\"POST\\\" not allowed.\"}");
        assertEquals("GET, HEAD, OPTIONS", create.header("Allow").orElse(null));
        assertThrows(IllegalStateException.class, () -> ObtainTokenServlet.builder(app.tokens, app.verifier).defaultScopes("a"),
                "DRF's table keeps no scopes");
        assertEquals(204, send("POST", "/logoutall/", "Token " + key).status());
        assertEquals(401, send("GET", "/x", "Token " + key).status());
    }

    @Test
    @DisplayName("web.xml: challenge and scope-rules on the filter, the management servlets by action")
    void webXml() throws Exception {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(TestContainer.CONTEXT_PATH);
        webapp.setWar(Path.of("src/test/resources/webapp-management").toAbsolutePath().toString());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        Server server = new Server();
        server.setHandler(webapp);
        container = JettyContainer.start(server);
        Http.Response obtained = http.postJson(container.uri(WireApp.OBTAIN),
                WireContractTest.credentials(WebXmlAppListener.USERNAME, WebXmlAppListener.PASSWORD));
        String key = obtained.json().get("token").asText();
        assertEquals(List.of("Token realm=\"example\""), send("GET", "/api/me", null).headers("WWW-Authenticate"));
        Http.Response forbidden = send("POST", "/api/me", "Token " + key);
        WireContractTest.assertDrf(forbidden, 403, NO_PERMISSION);
        assertEquals(List.of("Token realm=\"example\", error=\"insufficient_scope\", scope=\"api:write\""),
                forbidden.headers("WWW-Authenticate"));
        assertEquals(1, send("GET", "/accounts/tokens/", "Token " + key).json().size());
        assertEquals(204, send("POST", "/accounts/logoutall/", "Token " + key).status());
        assertEquals(401, send("GET", "/api/me", "Token " + key).status());
    }
}
