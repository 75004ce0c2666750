package org.tokenauth.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.cache.InvalidationMessage.Kind;

/** The one line an invalidation travels as: read back exactly, within the size every bus carries. */
class InvalidationMessageTest {

    private static final String ORIGIN = "00112233445566ff";
    private static final String DIGEST = "s1$" + "ab".repeat(32);

    @Test
    @DisplayName("every kind reads back as written, a user id with spaces and colons included")
    void roundTrip() {
        for (InvalidationMessage m : new InvalidationMessage[] {
                new InvalidationMessage(ORIGIN, Kind.TOKEN, DIGEST),
                new InvalidationMessage(ORIGIN, Kind.TOKEN, "sha256:" + "0f".repeat(32)),
                new InvalidationMessage(ORIGIN, Kind.TOKENS_OF, "alice smith: admin"),
                new InvalidationMessage(ORIGIN, Kind.USER, "ünïcödé 😀"),
                new InvalidationMessage(ORIGIN, Kind.ALL, "")}) {
            assertEquals(Optional.of(m), InvalidationMessage.parse(m.encode()), m.encode());
        }
    }

    @Test
    @DisplayName("a change too long for one message (a huge user id) is sent as 'all', within the limit")
    void tooLongBecomesAll() {
        String text = new InvalidationMessage(ORIGIN, Kind.TOKENS_OF, "é".repeat(3000)).encode();
        assertEquals(Kind.ALL, InvalidationMessage.parse(text).orElseThrow().kind());
        String fits = new InvalidationMessage(ORIGIN, Kind.TOKENS_OF, "u".repeat(3900)).encode();
        assertTrue(fits.getBytes(StandardCharsets.UTF_8).length <= InvalidationBus.MAX_MESSAGE_BYTES);
        assertEquals(Kind.TOKENS_OF, InvalidationMessage.parse(fits).orElseThrow().kind());
    }

    @Test
    @DisplayName("anything else is not a message: other prefixes, origins, kinds, token values")
    void malformed() {
        for (String text : new String[] {
                "", "tokenauth-invalidation/1", "tokenauth-invalidation/1 ", "tokenauth-invalidation/1 " + ORIGIN,
                "tokenauth-invalidation/1 " + ORIGIN + " token",
                "tokenauth-invalidation/1 " + ORIGIN + " token ",
                "tokenauth-invalidation/1 " + ORIGIN + " token " + "a".repeat(40),
                "tokenauth-invalidation/1 " + ORIGIN + " token sha256:" + "AB".repeat(32),
                "tokenauth-invalidation/1 " + ORIGIN + " token sha256:" + "ab".repeat(31),
                "tokenauth-invalidation/1 " + ORIGIN + " user ",
                "tokenauth-invalidation/1 " + ORIGIN + " all x",
                "tokenauth-invalidation/1 " + ORIGIN + " revoke " + DIGEST,
                "tokenauth-invalidation/1 xyz token " + DIGEST,
                "tokenauth-invalidation/10 " + ORIGIN + " all",
                " tokenauth-invalidation/1 " + ORIGIN + " all"}) {
            assertEquals(Optional.empty(), InvalidationMessage.parse(text), text);
        }
        assertEquals(Optional.empty(), InvalidationMessage.parse(null));
    }

    @Test
    @DisplayName("toString shows the kind, not the user")
    void quietToString() {
        assertEquals("InvalidationMessage[user]", new InvalidationMessage(ORIGIN, Kind.USER, "alice").toString());
    }
}
