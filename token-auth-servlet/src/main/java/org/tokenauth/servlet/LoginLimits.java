package org.tokenauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.tokenauth.core.CredentialsVerifier;

/**
 * What keeps the obtain-token endpoint from being a free password-guessing service and a CPU sink:
 * login attempts throttled per client address and per username (DRF's sliding-window throttle,
 * answered with its 429), a budget of password-hash verifications for all clients together (a
 * token bucket: what a flood from many addresses still gets through), and at most so many
 * verifications at once, the rest waiting a bounded time for a turn. An empty budget and a turn
 * that does not come both answer 503: the server is out of hashing capacity, whoever asked.
 *
 * <p>One per servlet, never static. Thread-safe.
 */
final class LoginLimits {

    /** Attempts per username: {@value}. */
    static final String DEFAULT_USERNAME_RATE = "10/minute";
    /** Attempts per client address: {@value}. */
    static final String DEFAULT_ADDRESS_RATE = "30/minute";
    /** How long a login waits for a verification slot by default. */
    static final Duration DEFAULT_VERIFICATION_WAIT = Duration.ofSeconds(2);
    /** Most usernames, and most addresses, remembered at once; the least recently seen go first. */
    static final int MAX_KEYS = 10_000;

    private final Optional<AttemptWindows> perUsername;
    private final Optional<AttemptWindows> perAddress;
    private final Optional<VerificationBudget> budget;
    private final TrustedProxies proxies;
    private final Semaphore verifications;
    private final int maxVerifications;
    private final long waitNanos;

    /**
     * @param budgetRate the verification budget's rate, or empty for none
     * @param burst      what the budget holds; empty for {@link VerificationBudget#defaultBurst}
     */
    LoginLimits(Optional<LoginRate> usernameRate, Optional<LoginRate> addressRate, TrustedProxies proxies,
            int maxConcurrentVerifications, Duration verificationWait, Optional<LoginRate> budgetRate, OptionalInt burst,
            Clock clock) {
        this.perUsername = usernameRate.map(rate -> new AttemptWindows(rate, MAX_KEYS, clock));
        this.perAddress = addressRate.map(rate -> new AttemptWindows(rate, MAX_KEYS, clock));
        this.budget = budgetRate.map(rate -> new VerificationBudget(rate,
                burst.orElseGet(() -> VerificationBudget.defaultBurst(rate)), clock));
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.maxVerifications = requireVerifications(maxConcurrentVerifications);
        this.verifications = new Semaphore(maxConcurrentVerifications, true);
        this.waitNanos = requireWait(verificationWait).toNanos();
    }

    /** The default number of verifications at once: one per processor, since each keeps one busy. */
    static int defaultVerifications() {
        return Runtime.getRuntime().availableProcessors();
    }

    static int requireVerifications(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentVerifications must be positive, but was " + max);
        }
        return max;
    }

    static Duration requireWait(Duration wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("the verification wait must be positive, but was " + wait);
        }
        return wait;
    }

    /** Counts a login request from its client: empty if allowed, else the seconds to wait. */
    OptionalLong attemptFromAddress(HttpServletRequest request) {
        return perAddress.isEmpty() ? OptionalLong.empty() : perAddress.get().attempt(proxies.clientKey(request));
    }

    /** @return the client's address, as the throttle sees it but in full: where a failed login came from */
    String clientAddress(HttpServletRequest request) {
        return proxies.clientAddress(request);
    }

    /** Counts a login attempt for {@code username}: empty if allowed, else the seconds to wait. */
    OptionalLong attemptFor(String username) {
        return perUsername.isEmpty() ? OptionalLong.empty() : perUsername.get().attempt(usernameKey(username));
    }

    /** A successful login forgets its username's attempts: the owner is not locked out by their own typos. */
    void loggedIn(String username) {
        perUsername.ifPresent(windows -> windows.reset(usernameKey(username)));
    }

    /**
     * Counted case-insensitively (a case-insensitive user table must not give an attacker one count
     * per spelling), and by digest: a 60 KB username costs 43 characters of memory, and no
     * username is kept in memory.
     */
    private static String usernameKey(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * @return {@code verifier}, allowed only while the budget has a verification left and then
     *         only once a slot is free. Every call costs the budget one, whatever the username:
     *         an unknown one costs what a known one does, so the budget tells nothing about which exist.
     */
    CredentialsVerifier bounded(CredentialsVerifier verifier) {
        Objects.requireNonNull(verifier, "verifier");
        return (username, password) -> {
            if (budget.isPresent()) {
                OptionalLong wait = budget.get().take();
                if (wait.isPresent()) {
                    // Not sooner than the slots' 503 says: clients told "1" would all come back at once.
                    throw new Busy(Math.max(JsonResponses.RETRY_AFTER_SECONDS, wait.getAsLong()));
                }
            }
            acquire();
            try {
                return verifier.verify(username, password);
            } finally {
                verifications.release();
            }
        };
    }

    private void acquire() {
        try {
            if (!verifications.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new Busy(JsonResponses.RETRY_AFTER_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy(JsonResponses.RETRY_AFTER_SECONDS);
        }
    }

    @Override
    public String toString() {
        return "LoginLimits[perUsername=" + perUsername.map(Object::toString).orElse("none") + ", perAddress="
                + perAddress.map(Object::toString).orElse("none") + ", " + proxies + ", verifications="
                + maxVerifications + ", budget=" + budget.map(Object::toString).orElse("none") + "]";
    }

    /**
     * Thrown through the login when the budget is spent or no verification slot came free in
     * time; no stack trace, it is not a fault.
     */
    static final class Busy extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** The seconds for {@code Retry-After}. */
        final long retryAfterSeconds;

        Busy(long retryAfterSeconds) {
            super("no password verification left in the budget or no slot free in time", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }
}
