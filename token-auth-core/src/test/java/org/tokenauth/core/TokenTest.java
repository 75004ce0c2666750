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
        assertTrue(text.contains("lookup=sha256:5cc1e911"), text);
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
    void idWhenComputedThenSixteenHexOfSha256OfTheLookupValue() {
        // Expected value from: printf %s "id:$KEY" | sha256sum | cut -c1-16
        assertEquals("2d16c294970ee3c8", Token.of(KEY, "7", CREATED).id());
        assertNotEquals(Token.of(KEY, "7", CREATED).id(), Token.of(KEY + "0", "7", CREATED).id());
    }

    @Test
    void builderWhenDetailsGivenThenKeptAndCompared() {
        Instant expires = CREATED.plusSeconds(3600);
        Token token = Token.builder(KEY, "7", CREATED).name("phone").expires(expires)
                .lastUsed(CREATED.plusSeconds(5)).scopes(java.util.List.of("b", "a")).build();

        assertEquals("phone", token.name());
        assertEquals(java.util.Optional.of(expires), token.expires());
        assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(token.scopes()), "scopes are sorted");
        assertEquals(token, token.toBuilder().build());
        assertNotEquals(token, token.toBuilder().name("laptop").build());
        assertEquals("", Token.of(KEY, "7", CREATED).name());
        assertTrue(Token.of(KEY, "7", CREATED).expires().isEmpty());
        assertTrue(token.toString().contains("name=phone"), token.toString());
        assertFalse(token.toString().contains(KEY.substring(0, 4)), token.toString());
    }

    @Test
    void builderWhenScopeHasWhitespaceThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> Token.builder(KEY, "7", CREATED).scopes(java.util.List.of("a b")));
        assertThrows(IllegalArgumentException.class, () -> Token.builder(KEY, "7", CREATED).scopes(java.util.List.of("")));
    }

    @Test
    void truncatedToWhenMicrosThenEveryInstantTruncated() {
        Token token = Token.builder(KEY, "7", Instant.parse("2026-11-28T12:00:00.123456789Z"))
                .expires(Instant.parse("2026-11-29T12:00:00.999999999Z")).lastUsed(Instant.parse("2026-11-28T13:00:00.000000999Z")).build();

        Token truncated = token.truncatedTo(java.time.temporal.ChronoUnit.MICROS);

        assertEquals(Instant.parse("2026-11-28T12:00:00.123456Z"), truncated.created());
        assertEquals(Instant.parse("2026-11-29T12:00:00.999999Z"), truncated.expires().orElseThrow());
        assertEquals(Instant.parse("2026-11-28T13:00:00Z"), truncated.lastUsed().orElseThrow());
    }

    @Test
    void issuedTokenToStringWhenPrintedThenHidesTheKey() {
        IssuedToken issued = new IssuedToken("tka_secretsecret", Token.of("k1$abcdef", "7", CREATED));

        assertFalse(issued.toString().contains("secretsecret"), issued.toString());
        assertFalse(issued.toString().contains("abcdef"), issued.toString());
    }

    @Test
    void fingerprintWhenComputedThenFirstBytesOfSha256() {
        // Expected values from: printf %s "$KEY" | sha256sum | cut -c1-8
        assertEquals("sha256:5cc1e911", Token.of(KEY, "7", CREATED).fingerprint());
        assertEquals("sha256:ba7816bf", Token.fingerprintOf("abc"));
        assertEquals(Token.fingerprintOf("abc"), Token.of("abc", "8", CREATED).fingerprint());
    }
}
