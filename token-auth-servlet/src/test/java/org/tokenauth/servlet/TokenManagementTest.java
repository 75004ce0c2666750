package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.ForwardingStore;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;

/**
 * Issue 10: the token management endpoints over real HTTP on Jetty, hashed keys and a token per
 * login (the mode they are made for): logout, logout-all, list, create, revoke by id and by key,
 * every refusal, the 503 of a failing store, and logout-all racing creations.
 */
@DisplayName("token management endpoints on Jetty, hashed mode")
class TokenManagementTest {

    static final String LOGOUT = "/accounts/logout/";
    static final String LOGOUT_ALL = "/accounts/logoutall/";
    static final String TOKENS = "/accounts/tokens/";
    static final String REVOKE = "/accounts/revoke/";

    final Http http = new Http();
    WireApp app;
    TestContainer container;
    /** Fails what only the endpoints do (list, insert, delete), so the filter still authenticates. */
    volatile boolean storeDown;
    /** Set while a logout-all deletes, for the race test. */
    final AtomicReference<Instant> deleteAllStarted = new AtomicReference<>();
    volatile boolean slowInserts;
    TokenService tokens;

    @BeforeEach
    void start() throws Exception {
        app = new WireApp();
        TokenStore store = new ForwardingStore(new InMemoryTokenStore()) {
            @Override
            public List<Token> findAllOf(String userId) {
                failIfDown();
                return super.findAllOf(userId);
            }

            @Override
            public List<Token> insert(Token token, int maxPerUser) {
                failIfDown();
                if (slowInserts) {
                    try {
                        Thread.sleep(2); // widens the window between a creation's time and its insert
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.insert(token, maxPerUser);
            }

            @Override
            public int deleteAllOf(String userId) {
                failIfDown();
                deleteAllStarted.compareAndSet(null, Instant.now());
                return super.deleteAllOf(userId);
            }
        };
        tokens = TokenService.builder(store)
                .keys(KeyMode.hashed(ServerSecret.of("k1", new byte[32])))
                .tokenPerLogin(1000)
                .timeToLive(Duration.ofHours(10))
                .build();
        container = JettyContainer.start((classes, ctx) -> {
            ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(tokens, app.users)
                    .requireAuthentication(true).openPaths(WireApp.OBTAIN, "/open/*").build())
                    .addMappingForUrlPatterns(null, false, "/*");
            ctx.addServlet("obtain", ObtainTokenServlet.builder(tokens, app.verifier).addressRate("none").usernameRate("none").verificationBudget("none")
                    .defaultScopes("polls:read", "polls:write").build()).addMapping(WireApp.OBTAIN);
            add(ctx, "logout", TokenManagementServlet.Action.LOGOUT, LOGOUT);
            add(ctx, "logoutAll", TokenManagementServlet.Action.LOGOUT_ALL, LOGOUT_ALL);
            add(ctx, "tokens", TokenManagementServlet.Action.TOKENS, TOKENS + "*");
            add(ctx, "revoke", TokenManagementServlet.Action.REVOKE, REVOKE);
            ctx.addServlet("openLogout", TokenManagementServlet.builder(tokens, TokenManagementServlet.Action.LOGOUT).build())
                    .addMapping("/open/logout/");
            ctx.addServlet("echo", new EchoServlet()).addMapping("/");
        });
    }

    private void add(ServletContext ctx, String name, TokenManagementServlet.Action action, String mapping) {
        ctx.addServlet(name, TokenManagementServlet.builder(tokens, action).knownScopes("polls:read", "polls:write", "admin")
                .build()).addMapping(mapping);
    }

    private void failIfDown() {
        if (storeDown) {
            throw new TokenStoreException("the database is down");
        }
    }

    @AfterEach
    void stop() {
        container.close();
        app.close();
    }

    String login(String username) {
        Http.Response response = http.postJson(container.uri(WireApp.OBTAIN), WireContractTest.credentials(username, WireApp.PASSWORD));
        assertEquals(200, response.status(), response::toString);
        return response.json().get("token").asText();
    }

    String newUserToken() {
        String username = WireApp.uniqueName("mgmt");
        app.newUser(username);
        return login(username);
    }

    Http.Response send(String method, String path, String key, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(container.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Token " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request);
    }

    Http.Response post(String path, String key, String json) {
        return send("POST", path, key, json == null ? null : "application/json", json);
    }

    int status(String path, String key) {
        return send("GET", path, key, null, null).status();
    }

    static void assertJson(Http.Response response, int status, String body) {
        WireContractTest.assertDrf(response, status, body);
        assertEquals("no-store", response.header("Cache-Control").orElse(null), "Cache-Control");
    }

    static void assertNoContent(Http.Response response) {
        assertAll(response.toString(),
                () -> assertEquals(204, response.status()),
                () -> assertEquals(0, response.body().length),
                () -> assertEquals("no-store", response.header("Cache-Control").orElse(null)));
    }

    @Test
    @DisplayName("POST logout revokes the requesting token only: 204, then that key is refused and the others work")
    void logoutRevokesTheRequestingToken() {
        String username = WireApp.uniqueName("mgmt");
        app.newUser(username);
        String first = login(username);
        String second = login(username);
        assertNoContent(post(LOGOUT, first, null));
        assertEquals(401, status("/echo", first));
        assertEquals(200, status("/echo", second));
    }

    @Test
    @DisplayName("POST logout-all revokes every token of the caller and no one else's")
    void logoutAllRevokesEveryTokenOfTheCaller() {
        String username = WireApp.uniqueName("mgmt");
        app.newUser(username);
        String first = login(username);
        String second = login(username);
        String someoneElse = newUserToken();
        assertNoContent(post(LOGOUT_ALL, first, null));
        assertEquals(401, status("/echo", first));
        assertEquals(401, status("/echo", second));
        assertEquals(200, status("/echo", someoneElse));
    }

    @Test
    @DisplayName("every endpoint refuses an anonymous request with DRF's 401, a bad key with 'Invalid token.'")
    void anonymousIsRefused() {
        for (String path : List.of(LOGOUT, LOGOUT_ALL, TOKENS, REVOKE)) {
            Http.Response anonymous = post(path, null, null);
            WireContractTest.assertChallenge(anonymous, "{\"detail\":\"Authentication credentials were not provided.\"}", "Token");
            WireContractTest.assertChallenge(post(path, "tka_bad", null), "{\"detail\":\"Invalid token.\"}", "Token");
        }
        // On an open path the filter lets the request through; the endpoint answers the same 401.
        WireContractTest.assertChallenge(post("/open/logout/", null, null),
                "{\"detail\":\"Authentication credentials were not provided.\"}", "Token");
    }

    @Test
    @DisplayName("GET tokens lists the caller's tokens, most recently used first, the current one marked, without keys")
    void listShowsTheCallersTokens() {
        String username = WireApp.uniqueName("mgmt");
        app.newUser(username);
        String older = login(username);
        String current = login(username);
        newUserToken(); // someone else's
        Http.Response list = send("GET", TOKENS, current, null, null);
        assertEquals(200, list.status(), list::toString);
        assertEquals("no-store", list.header("Cache-Control").orElse(null));
        JsonNode rows = list.json();
        assertEquals(2, rows.size(), list::toString);
        JsonNode first = rows.get(0);
        assertEquals(List.of("id", "name", "created", "expires", "last_used", "scopes", "current"), fieldNames(first));
        assertTrue(first.get("current").asBoolean(), "the newer token is first and current: " + rows);
        assertFalse(rows.get(1).get("current").asBoolean());
        assertEquals("[\"polls:read\",\"polls:write\"]", first.get("scopes").toString());
        assertTrue(first.get("id").asText().matches("[0-9a-f]{16}"));
        assertTrue(first.get("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?Z"), first::toString);
        assertFalse(list.text().contains(current) || list.text().contains(older), "no key in the list");
        for (Token token : tokens.tokensOf(first.get("id").asText().isEmpty() ? "" : userIdOf(current))) {
            assertFalse(list.text().contains(token.lookup()), "no digest in the list");
        }
    }

    private String userIdOf(String key) {
        return ((org.tokenauth.core.TokenCheck.Valid) tokens.check(key)).token().userId();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @DisplayName("POST tokens creates a named token: 201 with the list's fields and the key, once; the key works and carries its scopes")
    void createNamedToken() {
        String caller = newUserToken();
        Http.Response created = post(TOKENS, caller, "{\"name\":\" laptop \",\"scopes\":[\"polls:read\"],\"expires_in\":3600}");
        assertEquals(201, created.status(), created::toString);
        assertEquals("no-store", created.header("Cache-Control").orElse(null));
        JsonNode body = created.json();
        assertEquals(List.of("id", "name", "created", "expires", "last_used", "scopes", "current", "token"), fieldNames(body));
        assertEquals("laptop", body.get("name").asText());
        assertEquals("[\"polls:read\"]", body.get("scopes").toString());
        assertEquals(Instant.parse(body.get("created").asText()).plusSeconds(3600), Instant.parse(body.get("expires").asText()));
        String key = body.get("token").asText();
        assertTrue(key.startsWith("tka_"), key);
        assertEquals(200, status("/echo", key));
        Http.Response list = send("GET", TOKENS, key, null, null);
        assertFalse(list.text().contains(key), "the list never shows the key again");
        assertEquals(2, list.json().size());
        // Form bodies too, scopes space-separated.
        Http.Response form = send("POST", TOKENS, caller, "application/x-www-form-urlencoded", "name=ci&scopes=polls%3Aread+polls%3Awrite");
        assertEquals(201, form.status(), form::toString);
        assertEquals("[\"polls:read\",\"polls:write\"]", form.json().get("scopes").toString());
        assertEquals("[]", post(TOKENS, caller, "{\"name\":\"plain\"}").json().get("scopes").toString());
    }

    @Test
    @DisplayName("POST tokens refuses bad fields with DRF's field errors, and creates nothing")
    void createRefusesBadInput() {
        String caller = newUserToken();
        assertJson(post(TOKENS, caller, "{}"), 400, "{\"name\":[\"This field is required.\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"  \"}"), 400, "{\"name\":[\"This field may not be blank.\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"" + "n".repeat(101) + "\"}"), 400,
                "{\"name\":[\"Ensure this field has no more than 100 characters.\"]}");
        assertEquals(201, post(TOKENS, caller, "{\"name\":\"" + "n".repeat(100) + "\"}").status());
        assertJson(post(TOKENS, caller, "{\"name\":\"x\",\"expires_in\":\"soon\"}"), 400,
                "{\"expires_in\":[\"A valid integer is required.\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"x\",\"expires_in\":0}"), 400,
                "{\"expires_in\":[\"Ensure this value is greater than or equal to 1.\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"x\",\"expires_in\":36001}"), 400,
                "{\"expires_in\":[\"Ensure this value is less than or equal to 36000.\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"x\",\"scopes\":[\"nope\"]}"), 400,
                "{\"scopes\":[\"Unknown scope \\\"nope\\\".\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"x\",\"scopes\":[\"admin\"]}"), 400,
                "{\"scopes\":[\"The requesting token does not hold scope \\\"admin\\\".\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"x\",\"scopes\":{\"a\":1}}"), 400,
                "{\"scopes\":[\"Expected a list of items but got type \\\"dict\\\".\"]}");
        assertJson(post(TOKENS, caller, "{\"name\":\"\",\"scopes\":[\"a b\"],\"expires_in\":-1}"), 400,
                "{\"name\":[\"This field may not be blank.\"],\"scopes\":[\"Not a valid scope: one word without whitespace.\"],"
                        + "\"expires_in\":[\"Ensure this value is greater than or equal to 1.\"]}");
        assertJson(post(TOKENS, caller, "[1]"), 400, "{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got list.\"]}");
        assertEquals(2, send("GET", TOKENS, caller, null, null).json().size(), "only the login and the 100-character token");
    }

    @Test
    @DisplayName("DELETE tokens/{id}/ revokes one of the caller's tokens: 204; unknown, revoked or another user's id: 404")
    void revokeById() {
        String caller = newUserToken();
        String other = newUserToken();
        JsonNode created = post(TOKENS, caller, "{\"name\":\"phone\"}").json();
        String id = created.get("id").asText();
        String othersId = send("GET", TOKENS, other, null, null).json().get(0).get("id").asText();

        assertJson(send("DELETE", TOKENS + othersId + "/", caller, null, null), 404, "{\"detail\":\"Not found.\"}");
        assertEquals(200, status("/echo", other), "another user's token is untouched");
        assertJson(send("DELETE", TOKENS + "0123456789abcdef/", caller, null, null), 404, "{\"detail\":\"Not found.\"}");
        assertJson(send("DELETE", TOKENS + "not-an-id/", caller, null, null), 404, "{\"detail\":\"Not found.\"}");

        assertNoContent(send("DELETE", TOKENS + id + "/", caller, null, null));
        assertEquals(401, status("/echo", created.get("token").asText()));
        assertJson(send("DELETE", TOKENS + id + "/", caller, null, null), 404, "{\"detail\":\"Not found.\"}");

        Http.Response get = send("GET", TOKENS + id + "/", caller, null, null);
        assertJson(get, 405, "{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
        assertEquals("DELETE, OPTIONS", get.header("Allow").orElse(null));
    }

    @Test
    @DisplayName("POST revoke token=<key> (RFC 7009): 200 whether or not the key was the caller's; only the caller's is revoked")
    void revokeByKey() {
        String username = WireApp.uniqueName("mgmt");
        app.newUser(username);
        String caller = login(username);
        String second = login(username);
        String other = newUserToken();

        Http.Response others = send("POST", REVOKE, caller, "application/x-www-form-urlencoded", "token=" + other);
        assertEquals(200, others.status(), others::toString);
        assertEquals(200, status("/echo", other), "another user's key is not revoked");

        assertEquals(200, send("POST", REVOKE, caller, "application/x-www-form-urlencoded",
                "token=" + second + "&token_type_hint=access_token").status());
        assertEquals(401, status("/echo", second));
        assertEquals(200, post(REVOKE, caller, "{\"token\":\"" + second + "\"}").status(), "already revoked: still 200");
        assertEquals(200, post(REVOKE, caller, "{\"token\":\"no-such-key\"}").status(), "unknown: 200");
        assertEquals(200, status("/echo", caller));

        assertJson(post(REVOKE, caller, "{}"), 400, "{\"token\":[\"This field is required.\"]}");
        assertJson(post(REVOKE, caller, "{\"token\":\"\"}"), 400, "{\"token\":[\"This field may not be blank.\"]}");
    }

    @Test
    @DisplayName("other methods are DRF's 405 with Allow; OPTIONS answers 200 metadata")
    void methods() {
        String caller = newUserToken();
        Http.Response get = send("GET", LOGOUT, caller, null, null);
        assertJson(get, 405, "{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
        assertEquals("POST, OPTIONS", get.header("Allow").orElse(null));
        Http.Response put = send("PUT", TOKENS, caller, null, null);
        assertJson(put, 405, "{\"detail\":\"Method \\\"PUT\\\" not allowed.\"}");
        assertEquals("GET, POST, HEAD, OPTIONS", put.header("Allow").orElse(null));
        Http.Response options = send("OPTIONS", LOGOUT_ALL, caller, null, null);
        assertEquals(200, options.status());
        assertEquals("Logout All", options.json().get("name").asText());
    }

    @Test
    @DisplayName("a failing store answers 503 with Retry-After, as the filter does")
    void storeDownIs503() {
        String caller = newUserToken();
        storeDown = true;
        String unavailable = "{\"detail\":\"Service temporarily unavailable, try again later.\"}";
        for (Http.Response response : List.of(send("GET", TOKENS, caller, null, null), post(TOKENS, caller, "{\"name\":\"x\"}"),
                post(LOGOUT_ALL, caller, null), send("DELETE", TOKENS + "0123456789abcdef/", caller, null, null))) {
            WireContractTest.assertDrf(response, 503, unavailable);
            assertEquals("5", response.header("Retry-After").orElse(null));
        }
        storeDown = false;
        assertEquals(200, status(TOKENS, caller));
    }

    @Test
    @DisplayName("32 threads: creations racing a logout-all leave no token created before it alive")
    void logoutAllRacingCreations() throws Exception {
        String username = WireApp.uniqueName("race");
        String userId = app.newUser(username);
        String caller = login(username);
        slowInserts = true;
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch started = new CountDownLatch(threads / 2);
        AtomicInteger created = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads - 1; i++) {
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 20; n++) {
                        started.countDown();
                        Http.Response response = post(TOKENS, caller, "{\"name\":\"racer\"}");
                        if (response.status() == 201) {
                            created.incrementAndGet();
                        } else {
                            assertEquals(401, response.status(), response::toString); // after the logout-all
                            return null;
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                started.await();
                assertEquals(204, post(LOGOUT_ALL, caller, null).status());
                return null;
            }));
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Instant logoutAll = deleteAllStarted.get();
        List<Token> alive = tokens.tokensOf(userId);
        assertTrue(created.get() > 0, "some creations succeeded");
        for (Token token : alive) {
            assertFalse(token.created().isBefore(logoutAll),
                    "token created at " + token.created() + ", before the logout-all at " + logoutAll + ", is alive");
        }
    }
}
