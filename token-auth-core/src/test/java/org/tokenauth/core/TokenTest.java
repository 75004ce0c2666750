package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenTest {

    private static final String KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
    private static final Instant CREATED = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void toStringWhenPrintedThenHidesTheKey() {
        Token token = Token.of(KEY, "7", CREATED);

        String text = token.toString();

        assertFalse(text.contains(KEY.substring(0, 4)), text); // not even a prefix
        assertTrue(text.contains("key=sha256:5cc1e911"), text);
        assertTrue(text.contains("userId=7"), text);
    }

    @Test
    void equalsWhenSameValuesThenEqual() {
        assertEquals(Token.of(KEY, "7", CREATED), Token.of(KEY, "7", CREATED));
        assertEquals(Token.of(KEY, "7", CREATED).hashCode(), Token.of(KEY, "7", CREATED).hashCode());
        assertNotEquals(Token.of(KEY, "7", CREATED), Token.of(KEY, "8", CREATED));
    }

    @Test
    void ofWhenBlankOrNullThenRejected() {
        assertThrows(IllegalArgumentException.class, () -> Token.of(" ", "7", CREATED));
        assertThrows(IllegalArgumentException.class, () -> Token.of(KEY, "", CREATED));
        assertThrows(NullPointerException.class, () -> Token.of(null, "7", CREATED));
        assertThrows(NullPointerException.class, () -> Token.of(KEY, "7", null));
    }

    @Test
    void fingerprintWhenComputedThenFirstBytesOfSha256() {
        // Expected values from: printf %s "$KEY" | sha256sum | cut -c1-8
        assertEquals("sha256:5cc1e911", Token.of(KEY, "7", CREATED).fingerprint());
        assertEquals("sha256:ba7816bf", Token.fingerprintOf("abc"));
        assertEquals(Token.fingerprintOf("abc"), Token.of("abc", "8", CREATED).fingerprint());
    }
}
