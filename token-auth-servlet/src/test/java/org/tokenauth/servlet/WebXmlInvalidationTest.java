package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tokenauth.servlet.WebXmlCacheTest.server;
import static org.tokenauth.servlet.WebXmlCacheTest.webapp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.core.PostgresTestDatabase;
import org.tokenauth.core.TokenService;
import org.tokenauth.servlet.webxml.WebXmlAppListener;

/**
 * Two deployments of one web.xml app (two instances) sharing a database, their caches kept in step
 * by {@code invalidation-bus} over PostgreSQL: a token revoked on one stops working on the other
 * long before the 1 h cache bound.
 */
class WebXmlInvalidationTest {

    private final Http http = new Http();
    private final String channel = "tokenauth_webxml_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    /** The cached webapp's web.xml, with a shared database and these filter init-params added. */
    private static Path war(Path dir, String databaseUrl, String filterParams) throws Exception {
        String webXml = Files.readString(Path.of("src/test/resources/webapp-cached/WEB-INF/web.xml"))
                .replace("<param-value>30s</param-value>", "<param-value>1h</param-value>")
                .replace("<listener>", "<context-param><param-name>" + WebXmlAppListener.SHARED_DATABASE_PARAM
                        + "</param-name><param-value>" + databaseUrl + "</param-value></context-param>\n  <listener>")
                .replace("<filter-class>org.tokenauth.servlet.TokenAuthenticationFilter</filter-class>",
                        "<filter-class>org.tokenauth.servlet.TokenAuthenticationFilter</filter-class>\n" + filterParams);
        Files.createDirectories(dir.resolve("WEB-INF"));
        Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml);
        return dir;
    }

    private static String param(String name, String value) {
        return "    <init-param><param-name>" + name + "</param-name><param-value>" + value.replace("&", "&amp;")
                + "</param-value></init-param>\n";
    }

    @Test
    @DisplayName("invalidation-bus on PostgreSQL: a token revoked on one instance is refused by the other within moments, not the 1 h bound")
    void overPostgres(@TempDir Path dir) throws Exception {
        revocationReachesTheOtherInstance(dir, PostgresTestDatabase.url(), channel);
    }

    @Test
    @DisplayName("invalidation-bus on Redis: the same over pub/sub")
    void overRedis(@TempDir Path dir) throws Exception {
        String redis = System.getenv().getOrDefault("TOKENAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        URI uri = URI.create(redis);
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2_000);
        } catch (IOException e) {
            if ("true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_REDIS_REQUIRED"))) {
                throw new AssertionError("no Redis at " + redis + "; TOKENAUTH_TEST_REDIS_REQUIRED=true forbids skipping", e);
            }
            Assumptions.abort("no Redis at " + redis + ": set TOKENAUTH_TEST_REDIS_URL");
        }
        revocationReachesTheOtherInstance(dir, redis, "tokenauth-webxml:" + channel);
    }

    private void revocationReachesTheOtherInstance(Path dir, String busUrl, String busChannel) throws Exception {
        Path war = war(dir, "jdbc:h2:mem:webxml-shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                param("invalidation-bus", busUrl) + param("invalidation-channel", busChannel));
        WebAppContext webappA = webapp(war);
        WebAppContext webappB = webapp(war);
        try (TestContainer a = JettyContainer.start(server(webappA));
                TestContainer b = JettyContainer.start(server(webappB))) {
            String key = login(a);
            assertEquals(200, http.get(b.uri("/api/me"), "Authorization", "Token " + key).status(), "B caches the token");
            TokenService tokensA = assertInstanceOf(TokenService.class,
                    webappA.getServletContext().getAttribute(TokenAuthContext.TOKEN_SERVICE));

            assertTrue(tokensA.revoke(key));

            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status;
            while ((status = http.get(b.uri("/api/me"), "Authorization", "Token " + key).status()) == 200
                    && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(401, status, "B still serves the revoked token from its cache after 10 s");
        }
    }

    @Test
    @DisplayName("a bus without a cache, a channel without a bus, a URL of another scheme and a bad channel fail the deployment")
    void misconfigured(@TempDir Path dir) throws Exception {
        Path noCache = dir.resolve("no-cache");
        Files.createDirectories(noCache.resolve("WEB-INF"));
        Files.writeString(noCache.resolve("WEB-INF/web.xml"), Files.readString(Path.of("src/test/resources/webapp-cached/WEB-INF/web.xml"))
                .replaceAll("(?s)<init-param>\\s*<param-name>(token|user)-cache-[a-z]+</param-name>.*?</init-param>", "")
                .replace("<filter-class>org.tokenauth.servlet.TokenAuthenticationFilter</filter-class>",
                        "<filter-class>org.tokenauth.servlet.TokenAuthenticationFilter</filter-class>\n"
                                + param("invalidation-bus", "jdbc:postgresql://127.0.0.1:1/none")));
        String text = JettyContainer.failedStart(server(webapp(noCache)));
        assertTrue(text.contains("init-param 'invalidation-bus' keeps caches in step, but no cache is asked for"), text);

        String other = JettyContainer.failedStart(server(webapp(war(dir.resolve("other"), "jdbc:h2:mem:x",
                param("invalidation-bus", "jdbc:mysql://db/app?password=secret-pw") + param("invalidation-channel", "Bad Channel")))));
        assertTrue(other.contains("init-param 'invalidation-bus' must be a jdbc:postgresql: or redis:// URL, but was a URL of scheme 'jdbc'"), other);
        assertFalse(other.contains("secret-pw"), other);

        String channelOnly = JettyContainer.failedStart(server(webapp(war(dir.resolve("channel"), "jdbc:h2:mem:y",
                param("invalidation-channel", "tokens")))));
        assertTrue(channelOnly.contains("init-param 'invalidation-channel' names a channel, but there is no invalidation-bus"),
                channelOnly);

        String badChannel = JettyContainer.failedStart(server(webapp(war(dir.resolve("bad-channel"), "jdbc:h2:mem:z",
                param("invalidation-bus", "jdbc:postgresql://127.0.0.1:1/none") + param("invalidation-channel", "Bad Channel")))));
        assertTrue(badChannel.contains("init-param 'invalidation-channel' must be 1 to 63 of a-z"), badChannel);
    }

    private String login(TestContainer container) throws Exception {
        Http.Response obtained = http.postJson(container.uri("/api-token-auth/"),
                WireContractTest.credentials(WebXmlAppListener.USERNAME, WebXmlAppListener.PASSWORD));
        assertEquals(200, obtained.status(), obtained.toString());
        return obtained.json().get("token").asText();
    }
}
