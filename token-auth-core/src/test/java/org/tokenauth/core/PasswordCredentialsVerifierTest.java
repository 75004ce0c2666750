package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.PasswordCredentialsVerifier.StoredUser;

class PasswordCredentialsVerifierTest {

    private static final int ITERATIONS = 1_000;

    /** The iteration count of every PBKDF2 run the hasher made, in order. */
    private final List<Integer> pbkdf2Runs = new CopyOnWriteArrayList<>();
    private final Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(ITERATIONS, pbkdf2Runs::add);

    private UserAccount alice;
    private UserAccount bob;
    private PasswordCredentialsVerifier verifier;

    @BeforeEach
    void setUp() {
        alice = new UserAccount("1", "alice", true);
        bob = new UserAccount("2", "bob", false);
        Pbkdf2PasswordHasher seed = new Pbkdf2PasswordHasher(ITERATIONS);
        Map<String, StoredUser> users = Map.of(
                "alice", new StoredUser(alice, seed.hash("wonderland")),
                "bob", new StoredUser(bob, seed.hash("builder")),
                "carol", new StoredUser(new UserAccount("3", "carol", true), "!unusablePasswordFromDjango"),
                "dave", new StoredUser(new UserAccount("4", "dave", true),
                        // Django 4.2's own test vector: 600,000 iterations, the old default.
                        "pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA="));
        verifier = new PasswordCredentialsVerifier(name -> Optional.ofNullable(users.get(name)), hasher);
    }

    @Test
    void constructorWhenBuiltThenHashesTheDummyOnceWithTheSameHasher() {
        assertEquals(List.of(ITERATIONS), pbkdf2Runs);
    }

    @Test
    void verifyWhenRightPasswordThenTheAccount() {
        assertEquals(Optional.of(alice), verifier.verify("alice", "wonderland"));
    }

    @Test
    void verifyWhenRightPasswordOfInactiveUserThenTheAccountForTheCallerToRefuse() {
        Optional<UserAccount> user = verifier.verify("bob", "builder");

        assertEquals(Optional.of(bob), user);
        assertFalse(user.get().active());
    }

    @Test
    void verifyWhenWrongPasswordThenEmpty() {
        assertEquals(Optional.empty(), verifier.verify("alice", "Wonderland"));
        assertEquals(Optional.empty(), verifier.verify("alice", ""));
        assertEquals(Optional.empty(), verifier.verify("alice", "wonderland "));
    }

    @Test
    void verifyWhenHashFromOlderDjangoThenVerifiesWithItsOwnCount() {
        pbkdf2Runs.clear();

        assertEquals("4", verifier.verify("dave", "lètmein").orElseThrow().id());
        assertEquals(List.of(600_000), pbkdf2Runs);
    }

    @Test
    void verifyWhenUnknownUserThenEmptyAfterTheSameWorkAsAWrongPassword() {
        pbkdf2Runs.clear();
        assertEquals(Optional.empty(), verifier.verify("alice", "wrong"));
        List<Integer> wrongPasswordWork = List.copyOf(pbkdf2Runs);

        pbkdf2Runs.clear();
        assertEquals(Optional.empty(), verifier.verify("mallory", "wrong"));
        List<Integer> unknownUserWork = List.copyOf(pbkdf2Runs);

        assertEquals(List.of(ITERATIONS), wrongPasswordWork);
        assertEquals(wrongPasswordWork, unknownUserWork, "an unknown user must cost one PBKDF2 run of the same size");
    }

    @Test
    void verifyWhenStoredHashUnusableThenEmptyAfterTheDummyWork() {
        pbkdf2Runs.clear();

        assertEquals(Optional.empty(), verifier.verify("carol", "!unusablePasswordFromDjango"));
        assertEquals(List.of(ITERATIONS), pbkdf2Runs);
    }

    @Test
    void verifyWhenPasswordIsTheDummyPasswordThenStillEmptyForUnknownUser() {
        assertEquals(Optional.empty(), verifier.verify("nobody", "dummy password for unknown usernames"));
    }

    @Test
    void verifyWhenLookupFailsThenItsExceptionPropagates() {
        IllegalStateException outage = new IllegalStateException("users database down");
        PasswordCredentialsVerifier failing = new PasswordCredentialsVerifier(name -> {
            throw outage;
        }, hasher);

        assertSame(outage, assertThrows(IllegalStateException.class, () -> failing.verify("alice", "wonderland")));
    }

    @Test
    void verifyWhenNullArgumentsThenNullPointerException() {
        assertThrows(NullPointerException.class, () -> verifier.verify(null, "x"));
        assertThrows(NullPointerException.class, () -> verifier.verify("alice", null));
        assertThrows(NullPointerException.class, () -> new PasswordCredentialsVerifier(null, hasher));
        assertThrows(NullPointerException.class, () -> new PasswordCredentialsVerifier(name -> Optional.empty(), null));
    }

    @Test
    void storedUserToStringWhenPrintedThenHidesTheHash() {
        StoredUser user = new StoredUser(alice, "pbkdf2_sha256$1000$salt$secret");

        assertFalse(user.toString().contains("secret"), user.toString());
        assertTrue(user.toString().contains("alice"), user.toString());
    }
}
