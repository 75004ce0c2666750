package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.TestClock;
import org.tokenauth.core.TokenService;

/** The parts of the login throttle on their own: rates, the bounded sliding windows, the builder's checks. */
class LoginLimitsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));

    @Test
    @DisplayName("DRF's rate strings parse; 'none' is no limit")
    void parseWhenDrfRateThenAttemptsPerPeriod() {
        assertEquals(Optional.of(new LoginRate(10, Duration.ofMinutes(1))), LoginRate.parse("10/minute"));
        assertEquals(Optional.of(new LoginRate(100, Duration.ofHours(1))), LoginRate.parse(" 100/hour "));
        assertEquals(Optional.of(new LoginRate(5, Duration.ofSeconds(1))), LoginRate.parse("5/s"));
        assertEquals(Optional.of(new LoginRate(1000, Duration.ofDays(1))), LoginRate.parse("1000/days"));
        assertEquals(Optional.empty(), LoginRate.parse("None"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5/month", "0/minute", "-1/minute", "ten/minute", "10", "/minute", "10/", "99999999999/s", ""})
    @DisplayName("anything else is refused, saying what was expected (DRF would take '5/month' for five a minute)")
    void parseWhenNotARateThenRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoginRate.parse(text));
        assertEquals(LoginRate.EXPECTED + ", but was '" + text + "'", e.getMessage());
    }

    @Test
    @DisplayName("a window refuses past the rate, tells DRF's ceil(wait), and does not count what it refused")
    void attemptWhenOverRateThenWaitUntilOldestLeaves() {
        AttemptWindows windows = new AttemptWindows(new LoginRate(2, Duration.ofSeconds(10)), 100, clock);
        assertEquals(OptionalLong.empty(), windows.attempt("k"));
        clock.advance(Duration.ofMillis(2_500));
        assertEquals(OptionalLong.empty(), windows.attempt("k"));
        assertEquals(OptionalLong.of(8), windows.attempt("k")); // 7.5 s left: 8
        clock.advance(Duration.ofMillis(7_000));
        assertEquals(OptionalLong.of(1), windows.attempt("k")); // 0.5 s left: 1
        clock.advance(Duration.ofMillis(500));
        assertEquals(OptionalLong.empty(), windows.attempt("k"), "the first is 10 s old: gone");
        assertEquals(OptionalLong.of(3), windows.attempt("k"), "the refused ones were not counted");
    }

    @Test
    @DisplayName("memory is bounded: past maxKeys, the least recently seen key is forgotten")
    void attemptWhenMoreKeysThanMaxThenLeastRecentForgotten() {
        AttemptWindows windows = new AttemptWindows(new LoginRate(1, Duration.ofHours(1)), 3, clock);
        windows.attempt("a");
        windows.attempt("b");
        windows.attempt("c");
        assertTrue(windows.attempt("a").isPresent(), "a is seen again, so b is now the least recent");
        windows.attempt("d");
        assertEquals(3, windows.keys());
        assertEquals(OptionalLong.empty(), windows.attempt("b"), "b was forgotten");
        for (int i = 0; i < 10_000; i++) {
            windows.attempt("flood-" + i);
        }
        assertEquals(3, windows.keys());
    }

    @Test
    @DisplayName("the verification budget: a full bucket's burst at once, then one per interval; the wait is rounded up")
    void takeWhenBucketEmptyThenWaitUntilRefilled() {
        VerificationBudget budget = new VerificationBudget(new LoginRate(2, Duration.ofSeconds(1)), 3, clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.empty(), budget.take(), "the burst, " + i);
        }
        assertEquals(OptionalLong.of(1), budget.take(), "empty: the next is 0.5 s away, said as 1");
        clock.advance(Duration.ofMillis(499));
        assertEquals(OptionalLong.of(1), budget.take());
        clock.advance(Duration.ofMillis(1));
        assertEquals(OptionalLong.empty(), budget.take(), "one came back after 0.5 s");
        assertEquals(OptionalLong.of(1), budget.take(), "and was taken; a refusal takes nothing");
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            assertEquals(OptionalLong.empty(), budget.take(), "a long quiet spell refills the bucket, no more: " + i);
        }
        assertEquals(OptionalLong.of(1), budget.take());
    }

    @Test
    @DisplayName("a slow budget tells the whole wait: 2 an hour is one every 30 minutes")
    void takeWhenRateSlowThenWaitInWholeSeconds() {
        VerificationBudget budget = new VerificationBudget(new LoginRate(2, Duration.ofHours(1)), 1, clock);
        assertEquals(OptionalLong.empty(), budget.take());
        assertEquals(OptionalLong.of(1800), budget.take());
        clock.advance(Duration.ofMillis(1_799_500));
        assertEquals(OptionalLong.of(1), budget.take());
        clock.advance(Duration.ofMillis(500));
        assertEquals(OptionalLong.empty(), budget.take());
    }

    @Test
    @DisplayName("the default budget: 30 a minute per processor, a bucket of a minute's worth; huge bursts do not overflow")
    void defaultsWhenDerivedThenPerProcessor() {
        int processors = Runtime.getRuntime().availableProcessors();
        assertEquals(new LoginRate(30 * processors, Duration.ofMinutes(1)), VerificationBudget.defaultRate());
        assertEquals(30 * processors, VerificationBudget.defaultBurst(VerificationBudget.defaultRate()));
        assertEquals(1, VerificationBudget.defaultBurst(new LoginRate(100, Duration.ofHours(1))), "at least 1");
        assertEquals(600, VerificationBudget.defaultBurst(new LoginRate(10, Duration.ofSeconds(1))));
        assertEquals(Integer.MAX_VALUE, VerificationBudget.defaultBurst(new LoginRate(999_999_999, Duration.ofSeconds(1))));
        VerificationBudget huge = new VerificationBudget(new LoginRate(1, Duration.ofDays(1)), Integer.MAX_VALUE, clock);
        for (int i = 0; i < 1000; i++) {
            assertEquals(OptionalLong.empty(), huge.take());
        }
        assertThrows(IllegalArgumentException.class, () -> new VerificationBudget(new LoginRate(1, Duration.ofSeconds(1)), 0, clock));
    }

    @Test
    @DisplayName("the budget is taken before the slot and before the verifier runs, for an unknown username as for a known one")
    void boundedWhenBudgetSpentThenBusyBeforeVerifying() {
        LoginLimits limits = new LoginLimits(Optional.empty(), Optional.empty(), TrustedProxies.none(), 1, Duration.ofMillis(1),
                LoginRate.parse("1/minute"), OptionalInt.of(2), clock);
        List<String> verified = new ArrayList<>();
        CredentialsVerifier verifier = limits.bounded((username, password) -> {
            verified.add(username);
            return Optional.empty();
        });
        verifier.verify("no-such-user", "x");
        verifier.verify("alice", "x");
        LoginLimits.Busy busy = assertThrows(LoginLimits.Busy.class, () -> verifier.verify("alice", "right"));
        assertEquals(List.of("no-such-user", "alice"), verified, "the refused one was not verified");
        assertEquals(60, busy.retryAfterSeconds, "the next verification is a minute away");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(JsonResponses.RETRY_AFTER_SECONDS, assertThrows(LoginLimits.Busy.class,
                () -> verifier.verify("bob", "x")).retryAfterSeconds, "never sooner than the slots' 5 s");
        clock.advance(Duration.ofSeconds(1));
        verifier.verify("bob", "x");
        assertEquals(3, verified.size());
    }

    @Test
    @DisplayName("the builder refuses bad throttle settings, naming the setting")
    void builderWhenThrottleSettingsBadThenFailFast() {
        ObtainTokenServlet.Builder builder = ObtainTokenServlet.builder(new TokenService(new InMemoryTokenStore()),
                (u, p) -> Optional.empty());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.usernameRate("10/fortnight")).getMessage()
                .startsWith("usernameRate must be attempts per period"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.addressRate("0/s")).getMessage()
                .startsWith("addressRate must be attempts per period"));
        assertEquals("trustedProxies has 'localhost', " + TrustedProxies.EXPECTED,
                assertThrows(IllegalArgumentException.class, () -> builder.trustedProxies("127.0.0.1", "localhost")).getMessage());
        for (String bad : new String[] {"10.0.0.0/33", "::1/129", "999.0.0.1", "10.0.0.1/", "fe80::1%eth0", ".:"}) {
            assertThrows(IllegalArgumentException.class, () -> builder.trustedProxies(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> builder.maxConcurrentVerifications(0));
        assertThrows(IllegalArgumentException.class, () -> builder.verificationWait(Duration.ZERO));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.verificationBudget("3/fortnight")).getMessage()
                .startsWith("verificationBudget must be attempts per period"));
        assertThrows(IllegalArgumentException.class, () -> builder.verificationBurst(0));
        assertThrows(NullPointerException.class, () -> builder.verificationBudget(null));
        assertThrows(NullPointerException.class, () -> builder.usernameRate(null));
        String built = builder.trustedProxies("10.0.0.0/8", "2001:db8::/32", "192.0.2.1").usernameRate("none").build().toString();
        assertTrue(built.contains("LoginLimits[perUsername=none, perAddress=30/60s, TrustedProxies[10.0.0.0/8, 2001:db8::/32, 192.0.2.1]"),
                built);
        int processors = Runtime.getRuntime().availableProcessors();
        assertTrue(built.contains("budget=" + 30 * processors + "/60s burst " + 30 * processors + "]"), built);
        assertTrue(builder.verificationBudget("4/second").verificationBurst(7).build().toString().contains("budget=4/1s burst 7]"));
        assertTrue(builder.verificationBudget("none").build().toString().contains("budget=none]"));
    }
}
