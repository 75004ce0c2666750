package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.CachingUserLookup;
import org.tokenauth.servlet.webxml.WebXmlAppListener;

/** The caches turned on by the filter's init-params in web.xml, deployed on Jetty's WebAppContext. */
class WebXmlCacheTest {

    private final Http http = new Http();

    private static WebAppContext webapp(String directory) {
        return webapp(Path.of("src/test/resources", directory).toAbsolutePath());
    }

    /** A deployment of the web.xml app in {@code war}, failing its start on a misconfiguration. */
    static WebAppContext webapp(Path war) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(TestContainer.CONTEXT_PATH);
        webapp.setWar(war.toString());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        return webapp;
    }

    static Server server(WebAppContext webapp) {
        Server server = new Server();
        server.setHandler(webapp);
        return server;
    }

    private static void sql(ServletContext ctx, String statement) throws Exception {
        DataSource db = (DataSource) ctx.getAttribute(WebXmlAppListener.DATABASE_ATTRIBUTE);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.executeUpdate();
        }
    }

    @Test
    @DisplayName("token-cache-ttl and user-cache-ttl: the filter caches, publishes its caches, and changes through them are seen at once")
    void cachesFromInitParams() throws Exception {
        WebAppContext webapp = webapp("webapp-cached");
        try (TestContainer container = JettyContainer.start(server(webapp))) {
            ServletContext ctx = webapp.getServletContext();
            CachingTokenStore store = assertInstanceOf(CachingTokenStore.class, ctx.getAttribute(TokenAuthContext.TOKEN_STORE));
            TokenService tokens = assertInstanceOf(TokenService.class, ctx.getAttribute(TokenAuthContext.TOKEN_SERVICE));
            assertSame(store, tokens.store(), "the published service is over the published cache");
            CachingUserLookup users = assertInstanceOf(CachingUserLookup.class, ctx.getAttribute(TokenAuthContext.USER_LOOKUP));
            assertEquals("30 s", store.toString().replaceAll(".*expireAfter=([^,]*),.*", "$1"));

            String key = login(container);
            assertEquals(200, http.get(container.uri("/api/me"), "Authorization", "Token " + key).status());

            assertTrue(tokens.revoke(key), "a revocation through the published service");
            WireContractTest.assertChallenge(http.get(container.uri("/api/me"), "Authorization", "Token " + key),
                    WireContractTest.INVALID_TOKEN, "Token");

            String second = login(container);
            assertEquals(200, http.get(container.uri("/api/me"), "Authorization", "Token " + second).status());
            sql(ctx, "UPDATE users SET api_key = NULL, active = FALSE"); // elsewhere: not through the caches
            assertEquals(200, http.get(container.uri("/api/me"), "Authorization", "Token " + second).status(),
                    "token and user are cached");

            users.invalidate("1");
            WireContractTest.assertChallenge(http.get(container.uri("/api/me"), "Authorization", "Token " + second),
                    WireContractTest.USER_INACTIVE, "Token");
            store.invalidateAll();
            WireContractTest.assertChallenge(http.get(container.uri("/api/me"), "Authorization", "Token " + second),
                    WireContractTest.INVALID_TOKEN, "Token");
        }
    }

    private String login(TestContainer container) throws Exception {
        Http.Response obtained = http.postJson(container.uri("/api-token-auth/"),
                WireContractTest.credentials(WebXmlAppListener.USERNAME, WebXmlAppListener.PASSWORD));
        assertEquals(200, obtained.status(), obtained.toString());
        return obtained.json().get("token").asText();
    }

    @Test
    @DisplayName("cache init-params out of range or malformed fail the deployment, naming each one")
    void misconfigured() {
        Server server = server(webapp("webapp-cache-misconfigured"));
        String text = JettyContainer.failedStart(server);
        for (String expected : new String[] {
            "TokenAuthenticationFilter 'tokenAuth' is misconfigured",
            "init-param 'token-cache-ttl' must be from 1 ms to 24 h, but was '0s'",
            "init-param 'token-cache-size' must be a whole number, but was 'lots'",
            "init-param 'token-cache-unknown-ttl' must be from 1 ms to 1 min, but was '1h'",
            "init-param 'user-cache-ttl' must be a duration such as 500ms, 30s, 5m, 1h or PT30S, but was 'soon'",
            "init-param 'user-cache-size' must be from 1 to 10000000 entries, but was '0'",
        }) {
            assertTrue(text.contains(expected), () -> "missing \"" + expected + "\" in:\n" + text);
        }
    }
}
