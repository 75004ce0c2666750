package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.TestClock;

/**
 * Issue 11, item 1: the obtain-token endpoint throttles logins per username and per client address
 * (DRF's 429), believes {@code X-Forwarded-For} only from listed proxies, and runs a bounded number
 * of password verifications at once (503 beyond). Real Jetty, real HTTP, a clock moved by hand.
 */
class LoginThrottleTest {

    static final String THROTTLED_60 = "{\"detail\":\"Request was throttled. Expected available in 60 seconds.\"}";
    static final String THROTTLED_1 = "{\"detail\":\"Request was throttled. Expected available in 1 second.\"}";

    final Http http = new Http();
    final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    WireApp app;
    TestContainer container;

    /** Starts the wire app with this obtain-token servlet configuration and the default one otherwise. */
    void start(UnaryOperator<ObtainTokenServlet.Builder> obtain) throws Exception {
        start(obtain, app -> app.verifier);
    }

    void start(UnaryOperator<ObtainTokenServlet.Builder> obtain, java.util.function.Function<WireApp, CredentialsVerifier> verifier)
            throws Exception {
        app = new WireApp();
        ServletContainerInitializer init = (classes, ctx) -> {
            FilterRegistration.Dynamic auth = ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(app.store, app.users)
                    .requireAuthentication(true).openPaths(WireApp.OBTAIN).build());
            auth.addMappingForUrlPatterns(null, false, "/*");
            ObtainTokenServlet servlet = obtain.apply(ObtainTokenServlet.builder(app.tokens, verifier.apply(app)).clock(clock)).build();
            ServletRegistration.Dynamic reg = ctx.addServlet("obtainToken", servlet);
            reg.addMapping(WireApp.OBTAIN);
            ctx.addServlet("echo", new EchoServlet()).addMapping("/");
        };
        container = JettyContainer.start(init);
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

    URI obtain() {
        return container.uri(WireApp.OBTAIN);
    }

    Http.Response login(String username, String password, String... headers) {
        return http.post(obtain(), "application/json", WireContractTest.credentials(username, password), headers);
    }

    static void assertThrottled(Http.Response response, String body, String retryAfter) {
        WireContractTest.assertDrf(response, 429, body);
        assertEquals(List.of(retryAfter), response.headers("Retry-After"), "Retry-After");
        assertEquals(Optional.of("POST, OPTIONS"), response.header("Allow"), "Allow");
    }

    @Nested
    @DisplayName("per username")
    class PerUsername {

        @Test
        @DisplayName("10 wrong passwords a minute, then even the right one is DRF's 429 until the first leaves the window")
        void postWhenTenFailuresThenRightPasswordThrottledUntilWindowPasses() throws Exception {
            start(b -> b);
            String name = WireApp.uniqueName("victim");
            app.newUser(name);
            for (int i = 0; i < 10; i++) {
                WireContractTest.assertDrf(login(name, "guess " + i), 400, WireContractTest.BAD_CREDENTIALS);
                clock.advance(Duration.ofMillis(100));
            }
            assertThrottled(login(name, WireApp.PASSWORD), "{\"detail\":\"Request was throttled. Expected available in 59 seconds.\"}", "59");
            assertThrottled(login(name.toUpperCase(java.util.Locale.ROOT), WireApp.PASSWORD),
                    "{\"detail\":\"Request was throttled. Expected available in 59 seconds.\"}", "59");
            clock.advance(Duration.ofMillis(58_900)); // 0.1 s until the first attempt is a minute old
            assertThrottled(login(name, WireApp.PASSWORD), THROTTLED_1, "1");
            clock.advance(Duration.ofMillis(100));
            assertEquals(200, login(name, WireApp.PASSWORD).status());
        }

        @Test
        @DisplayName("a successful login clears its username's count; other usernames have their own")
        void postWhenLoginSucceedsThenUsernameCountCleared() throws Exception {
            start(b -> b.verificationBudget("none")); // 21 verifications at one instant: more than the default budget's burst
            String name = WireApp.uniqueName("typo");
            app.newUser(name);
            for (int i = 0; i < 9; i++) {
                assertEquals(400, login(name, "typo " + i).status());
            }
            assertEquals(200, login(name, WireApp.PASSWORD).status());
            for (int i = 0; i < 10; i++) {
                assertEquals(400, login(name, "typo again " + i).status(), "attempt " + i);
            }
            assertThrottled(login(name, WireApp.PASSWORD), THROTTLED_60, "60");
            assertEquals(400, login("someone-else", "x").status(), "another username is counted apart");
        }

        @Test
        @DisplayName("usernameRate('none') lets every attempt through")
        void postWhenUsernameRateNoneThenNeverThrottled() throws Exception {
            start(b -> b.usernameRate("none").verificationBudget("none")); // the budget would stop it: not the subject here
            for (int i = 0; i < 12; i++) {
                assertEquals(400, login("nobody", "guess " + i).status());
            }
        }
    }

    @Nested
    @DisplayName("per client address")
    class PerAddress {

        @Test
        @DisplayName("by default 30 requests a minute from one address, whatever they are; the 31st is 429")
        void postWhenThirtyRequestsFromOneAddressThenThrottled() throws Exception {
            start(b -> b);
            for (int i = 0; i < 30; i++) {
                assertEquals(400, http.postJson(obtain(), "{}").status(), "request " + i);
            }
            assertThrottled(http.postJson(obtain(), "{}"), THROTTLED_60, "60");
            clock.advance(Duration.ofSeconds(30));
            assertThrottled(login("anyone", "x"), "{\"detail\":\"Request was throttled. Expected available in 30 seconds.\"}", "30");
            clock.advance(Duration.ofSeconds(30));
            assertEquals(400, http.postJson(obtain(), "{}").status());
        }

        @Test
        @DisplayName("X-Forwarded-For from a peer that is not a listed proxy is ignored: spoofing it changes nothing")
        void postWhenForwardedForFromUntrustedPeerThenIgnored() throws Exception {
            start(b -> b.addressRate("2/minute"));
            assertEquals(400, http.postJson(obtain(), "{}").status());
            assertEquals(400, http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.1").status());
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.2"), THROTTLED_60, "60");
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.3, 198.51.100.4"),
                    THROTTLED_60, "60");
        }

        @Test
        @DisplayName("behind a listed proxy, the client is the rightmost X-Forwarded-For address that is not a listed proxy")
        void postWhenPeerIsTrustedProxyThenRightmostUntrustedForwardedAddressCounts() throws Exception {
            start(b -> b.addressRate("1/minute").trustedProxies("127.0.0.1", "10.0.0.0/8"));
            assertEquals(400, http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.5").status());
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.5"), THROTTLED_60, "60");
            // The client may write anything to the left; only the proxy-appended entry counts.
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "198.51.100.77, 203.0.113.5"),
                    THROTTLED_60, "60");
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "198.51.100.78, 203.0.113.5, 10.1.2.3"),
                    THROTTLED_60, "60");
            assertEquals(400, http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.6, 10.9.9.9").status(),
                    "another client behind two proxies");
            // No header: the proxy itself is the client; garbage ends the walk at the last proxy.
            assertEquals(400, http.postJson(obtain(), "{}").status());
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "203.0.113.7, not-an-ip"),
                    THROTTLED_60, "60");
        }

        @Test
        @DisplayName("IPv6 clients count by their /64")
        void postWhenForwardedIpv6ThenCountedPerSlash64() throws Exception {
            start(b -> b.addressRate("1/minute").trustedProxies("127.0.0.1"));
            assertEquals(400, http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "2001:db8:1:2::1").status());
            assertThrottled(http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "2001:db8:1:2:ffff::9"), THROTTLED_60, "60");
            assertEquals(400, http.post(obtain(), "application/json", "{}", "X-Forwarded-For", "[2001:db8:1:3::1]").status());
        }
    }

    @Nested
    @DisplayName("the verification budget, for all clients together")
    class Budget {

        @Test
        @DisplayName("once the budget is spent, a login is 503 before its password is verified, unknown usernames costing as known ones")
        void postWhenBudgetSpentThen503BeforeVerifying() throws Exception {
            AtomicInteger verified = new AtomicInteger();
            start(b -> b.verificationBudget("2/minute").verificationBurst(2), app -> (username, password) -> {
                verified.incrementAndGet();
                return app.verifier.verify(username, password);
            });
            String name = WireApp.uniqueName("budget");
            String key = app.tokens.issueFor(app.newUser(name)).key();
            WireContractTest.assertDrf(login("no-such-user", "guess"), 400, WireContractTest.BAD_CREDENTIALS);
            WireContractTest.assertDrf(login(name, "guess"), 400, WireContractTest.BAD_CREDENTIALS);
            Http.Response spent = login(name, WireApp.PASSWORD);
            WireContractTest.assertDrf(spent, 503, WireContractTest.UNAVAILABLE);
            assertEquals(List.of("30"), spent.headers("Retry-After"), "one verification every 30 s");
            assertEquals(Optional.of("POST, OPTIONS"), spent.header("Allow"), "Allow");
            assertEquals(2, verified.get(), "the unknown username cost what the known one did; the refused login cost nothing");
            assertEquals(200, http.get(container.uri("/api/polls/"), "Authorization", "Token " + key).status(),
                    "the authenticated API answers meanwhile");

            clock.advance(Duration.ofSeconds(30));
            assertEquals(400, http.postJson(obtain(), "{}").status(), "a field error is answered before the budget");
            WireContractTest.assertDrf(login(name, WireApp.PASSWORD), 200, "{\"token\":\"" + key + "\"}");
            assertEquals(503, login("no-such-user", "guess").status(), "that was the one verification of these 30 s");
            assertEquals(3, verified.get());
        }

        @Test
        @DisplayName("the budget is on by default: a flood from many forwarded addresses, each under its own limit, meets it")
        void postWhenFloodFromManyAddressesThenBudgetAnswers503() throws Exception {
            start(b -> b.trustedProxies("127.0.0.1"));
            int budget = VerificationBudget.defaultBurst(VerificationBudget.defaultRate());
            int answered400 = 0;
            for (int i = 0; i < budget; i++) {
                answered400 += login("victim" + i, "guess", "X-Forwarded-For", "203.0.113." + (i % 200)).status() == 400 ? 1 : 0;
            }
            assertEquals(budget, answered400, "the default bucket's worth is verified");
            Http.Response spent = login("victim", "guess", "X-Forwarded-For", "198.51.100.1");
            WireContractTest.assertDrf(spent, 503, WireContractTest.UNAVAILABLE);
            assertEquals(List.of("5"), spent.headers("Retry-After"), "the next is well under 5 s away: 5");
        }

        @Test
        @DisplayName("verificationBudget('none') verifies every login that passes the throttles")
        void postWhenBudgetNoneThenNeverBusy() throws Exception {
            start(b -> b.verificationBudget("none").usernameRate("none").addressRate("none"));
            for (int i = 0; i < 40; i++) {
                assertEquals(400, login("nobody" + i, "guess").status(), "attempt " + i);
            }
        }
    }

    @Nested
    @DisplayName("concurrent verifications")
    class Verifications {

        @Test
        @DisplayName("with the one verification slot held, another login waits its turn in vain and is 503; the API answers meanwhile")
        void postWhenVerificationSlotsFullThen503AndApiStillAnswers() throws Exception {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            start(b -> b.maxConcurrentVerifications(1).verificationWait(Duration.ofMillis(50)), app -> (username, password) -> {
                if (username.equals("slow")) {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return app.verifier.verify(username, password);
            });
            String name = WireApp.uniqueName("patient");
            String key = app.tokens.issueFor(app.newUser(name)).key();
            CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> login("slow", "x"));
            try {
                assertTrue(holding.await(20, TimeUnit.SECONDS), "the slow login holds the slot");
                Http.Response busy = login(name, WireApp.PASSWORD);
                WireContractTest.assertDrf(busy, 503, WireContractTest.UNAVAILABLE);
                assertEquals(List.of("5"), busy.headers("Retry-After"));
                assertEquals(200, http.get(container.uri("/api/polls/"), "Authorization", "Token " + key).status(),
                        "the authenticated API answers while logins queue");
            } finally {
                release.countDown();
            }
            assertEquals(400, slow.get(20, TimeUnit.SECONDS).status());
            WireContractTest.assertDrf(login(name, WireApp.PASSWORD), 200, "{\"token\":\"" + key + "\"}");
        }

        @Test
        @DisplayName("a verification that throws gives its slot back")
        void postWhenVerifierThrowsThenSlotReleased() throws Exception {
            start(b -> b.maxConcurrentVerifications(1).verificationWait(Duration.ofMillis(50)), app -> (username, password) -> {
                if (username.equals("broken")) {
                    throw new IllegalStateException("user table unreachable");
                }
                return app.verifier.verify(username, password);
            });
            String name = WireApp.uniqueName("after");
            app.newUser(name);
            assertEquals(503, login("broken", "x").status());
            assertEquals(200, login(name, WireApp.PASSWORD).status());
        }
    }
}
