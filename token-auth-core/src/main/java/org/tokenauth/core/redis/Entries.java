package org.tokenauth.core.redis;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStoreException;

/**
 * A token as the fields of its entry, a Redis hash: {@code lookup}, {@code user}, {@code name},
 * {@code created}, {@code scopes} (space-separated), and {@code expires} and {@code used} when it
 * has them. Instants are {@code <epoch seconds>.<nanoseconds, 9 digits>}: exact, readable with
 * {@code date -d @<seconds>}, and ordered by the scripts (exactly to the nanosecond within
 * 285 million years of 1970, where Lua's numbers hold the seconds).
 */
final class Entries {

    private Entries() {
    }

    /** {@return the entry's fields and values, in turn} */
    static List<String> fields(Token token) {
        List<String> fields = new ArrayList<>(List.of("lookup", token.lookup(), "user", token.userId(), "name", token.name(),
                "created", instant(token.created()), "scopes", String.join(" ", token.scopes())));
        token.expires().ifPresent(expires -> fields.addAll(List.of("expires", instant(expires))));
        token.lastUsed().ifPresent(used -> fields.addAll(List.of("used", instant(used))));
        return fields;
    }

    /** {@return the token of an entry's fields and values in turn, as a script returns them} */
    static Token token(Object flat) {
        if (!(flat instanceof List<?> list)) {
            throw new TokenStoreException("Redis answered a script with something other than a token entry");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
        }
        return token(fields);
    }

    /**
     * Reads an entry.
     *
     * @throws TokenStoreException if the entry is not one this store wrote
     */
    static Token token(Map<String, String> fields) {
        try {
            String scopes = fields.get("scopes");
            return Token.builder(fields.get("lookup"), fields.get("user"), instant(fields.get("created")))
                    .name(fields.get("name"))
                    .expires(optionalInstant(fields.get("expires")))
                    .lastUsed(optionalInstant(fields.get("used")))
                    .scopes(scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")))
                    .build();
        } catch (RuntimeException e) {
            // Written by something else, or by hand: an outage of this store, never "not found".
            throw new TokenStoreException("Redis holds a token entry this store cannot read (fields " + fields.keySet() + ")");
        }
    }

    static String instant(Instant instant) {
        return instant.getEpochSecond() + "." + String.format(Locale.ROOT, "%09d", instant.getNano());
    }

    static Instant instant(String text) {
        int dot = text.indexOf('.');
        if (dot < 0 || text.length() - dot != 10) {
            throw new DateTimeException("not <seconds>.<9 digits>");
        }
        return Instant.ofEpochSecond(Long.parseLong(text, 0, dot, 10), Integer.parseInt(text, dot + 1, text.length(), 10));
    }

    private static Instant optionalInstant(String text) {
        return text == null ? null : instant(text);
    }

    /**
     * {@return when an entry for a token with this expiry should go, as {@code PEXPIREAT} takes
     * it: milliseconds since 1970, rounded up so the entry never goes before the token expires;
     * empty for never, or for an expiry beyond what milliseconds since 1970 can say}
     */
    static String expireAt(Optional<Instant> expires) {
        if (expires.isEmpty()) {
            return "";
        }
        Instant at = expires.get();
        try {
            return Long.toString(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1000L), (at.getNano() + 999_999) / 1_000_000));
        } catch (ArithmeticException beyond) {
            return "";
        }
    }

    /**
     * {@return whether UTF-8, the encoding of everything this store sends, holds {@code text}
     * exactly: not if it has a lone surrogate, which would be stored as {@code ?}}
     */
    static boolean storable(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }
}
