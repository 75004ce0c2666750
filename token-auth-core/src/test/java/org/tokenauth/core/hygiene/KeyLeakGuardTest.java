package org.tokenauth.core.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenService;

/**
 * The guard can fail: a key really issued (so caught where it is made) and then planted in a log
 * record, on standard error or in an exception is found. Each test then forgets its key, so the
 * run itself stays clean.
 */
class KeyLeakGuardTest {

    private static void assertCaught(TokenService tokens, Consumer<String> leak, String where) {
        String key = tokens.issueFor("planted-" + where).key();
        try {
            assertTrue(IssuedKeys.contains(key), "the issued key was recorded where it was made");
            leak.accept(key);
            List<IssuedKeys.Leak> leaks = IssuedKeys.leaks().stream().filter(l -> l.key().equals(key)).toList();
            assertEquals(1, leaks.size(), () -> "leaks of the planted key: " + leaks);
            assertTrue(leaks.get(0).where().startsWith(where), leaks.get(0)::toString);
            assertTrue(leaks.get(0).test().contains("KeyLeakGuardTest"), leaks.get(0)::toString);
            assertTrue(!leaks.get(0).toString().contains(key), "the report shows a fingerprint, not the key");
        } finally {
            IssuedKeys.forget(key);
        }
    }

    @Test
    void aKeyInALogRecordIsCaught() {
        KeyLeakGuard.install();
        TokenService drf = new TokenService(new InMemoryTokenStore());
        assertCaught(drf, key -> System.getLogger("org.tokenauth.planted").log(System.Logger.Level.WARNING,
                "request with {0} refused", key), "a log record");
    }

    @Test
    void aHashedKeyInAnExceptionOnStandardErrorIsCaught() {
        KeyLeakGuard.install();
        TokenService hashed = TokenService.builder(new InMemoryTokenStore())
                .keys(KeyMode.hashed(ServerSecret.of("s1", new byte[32]))).build();
        assertCaught(hashed, key -> new IllegalStateException("bad key " + key).printStackTrace(), "standard error");
    }

    @Test
    void aKeyInAFailedTestsExceptionIsCaught() {
        KeyLeakGuard.install();
        TokenService drf = new TokenService(new InMemoryTokenStore());
        assertCaught(drf, key -> IssuedKeys.check(new AssertionError("expected <" + key + ">"), "the exception of a failed test"),
                "the exception of a failed test");
    }
}
