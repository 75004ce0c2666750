package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.PasswordCredentialsVerifier.StoredUser;

/**
 * Issue 11, item 2: after the iteration count was raised (every hash imported from Django: 600,000,
 * 870,000 against today's 1,000,000), a wrong password for a user with an old hash must cost what
 * an unknown user costs, or timing tells which users exist. Measured as work (PBKDF2 iterations
 * computed, through the hasher's counting seam), never as wall time; here at 1/1000 scale.
 */
class PasswordWorkAfterIterationChangeTest {

    private static final int CURRENT = 2_000;
    private static final int OLD = 1_000;

    private final AtomicLong iterations = new AtomicLong();
    private final Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(CURRENT, iterations::addAndGet);
    private final Map<String, StoredUser> users = new HashMap<>();
    private final List<String> upgrades = new ArrayList<>();
    private PasswordCredentialsVerifier verifier;

    private void add(String id, String username, String hash) {
        users.put(username, new StoredUser(new UserAccount(id, username, true), hash));
    }

    private long workOf(String username, String password) {
        iterations.set(0);
        verifier.verify(username, password);
        return iterations.get();
    }

    @BeforeEach
    void setUp() {
        add("1", "imported", new Pbkdf2PasswordHasher(OLD).hash("old secret"));
        add("2", "current", new Pbkdf2PasswordHasher(CURRENT).hash("new secret"));
        add("3", "stronger", new Pbkdf2PasswordHasher(3_000).hash("strong secret"));
        verifier = new PasswordCredentialsVerifier(name -> Optional.ofNullable(users.get(name)), hasher,
                (user, oldHash, newHash) -> {
                    upgrades.add(user.id());
                    add(user.id(), user.username(), newHash);
                });
    }

    @Test
    @DisplayName("a wrong password for a user with an older, lower count costs the current count, as an unknown user does")
    void verifyWhenWrongPasswordForLowIterationHashThenSameWorkAsUnknownUser() {
        long unknown = workOf("nobody", "guess");
        long lowIterationUser = workOf("imported", "guess");
        long currentUser = workOf("current", "guess");

        assertEquals(CURRENT, unknown);
        assertEquals(unknown, lowIterationUser, "the 1,000-iteration user answered with less work: timing tells they exist");
        assertEquals(unknown, currentUser);
        assertEquals(List.of(), upgrades, "a wrong password upgrades nothing");
    }

    @Test
    @DisplayName("the right password upgrades a lower count through the callback, once; the new hash verifies at the current count")
    void verifyWhenRightPasswordForLowIterationHashThenUpgradedOnce() {
        assertEquals("1", verifier.verify("imported", "old secret").orElseThrow().id());
        assertEquals(List.of("1"), upgrades);
        assertTrue(users.get("imported").passwordHash().startsWith("pbkdf2_sha256$" + CURRENT + "$"),
                users.get("imported").passwordHash());

        assertEquals(CURRENT, workOf("imported", "old secret"), "the upgraded hash verifies at the current count");
        assertEquals(List.of("1"), upgrades, "and is not upgraded again");
    }

    @Test
    @DisplayName("a hash with a higher count is neither upgraded (no ping-pong with a Django that writes more) nor padded")
    void verifyWhenHigherIterationHashThenLeftAsItIs() {
        String stored = users.get("stronger").passwordHash();

        assertEquals("3", verifier.verify("stronger", "strong secret").orElseThrow().id());
        assertEquals(3_000, workOf("stronger", "guess"));
        assertEquals(List.of(), upgrades);
        assertEquals(stored, users.get("stronger").passwordHash());
    }

    @Test
    @DisplayName("a failing upgrade callback does not fail the login")
    void verifyWhenUpgradeFailsThenLoginStillSucceeds() {
        PasswordCredentialsVerifier failing = new PasswordCredentialsVerifier(name -> Optional.ofNullable(users.get(name)), hasher,
                (user, oldHash, newHash) -> {
                    throw new TokenStoreException("read-only database");
                });

        assertEquals("1", failing.verify("imported", "old secret").orElseThrow().id());
    }

    @Test
    @DisplayName("hardenRuntime runs exactly the missing iterations, and none for a malformed or stronger hash")
    void hardenRuntimeWhenLowerCountThenRunsTheDifference() {
        iterations.set(0);
        hasher.hardenRuntime("x", users.get("imported").passwordHash());
        assertEquals(CURRENT - OLD, iterations.get());
        hasher.hardenRuntime("x", users.get("stronger").passwordHash());
        hasher.hardenRuntime("x", "!unusable");
        assertEquals(CURRENT - OLD, iterations.get());
    }
}
