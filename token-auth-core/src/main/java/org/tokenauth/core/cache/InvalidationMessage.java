package org.tokenauth.core.cache;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One invalidation as it travels on an {@link InvalidationBus}: one line of text,
 * {@code tokenauth-invalidation/1 <origin> <kind> [<value>]}. The origin (16 hex digits) names the
 * sending {@link Invalidations}, so that it can skip its own messages; the value is a token's cache
 * key (a hashed-mode digest, or {@code sha256:} and the SHA-256 of any other lookup value) or a
 * user id, never a key.
 */
record InvalidationMessage(String origin, Kind kind, String value) {

    static final String PREFIX = "tokenauth-invalidation/1";

    /** What a message tells the instances to forget. */
    enum Kind {
        /** One token, by its cache key. */
        TOKEN("token"),
        /** Every token of a user. */
        TOKENS_OF("tokens-of"),
        /** A user (deactivated, deleted, changed). */
        USER("user"),
        /** Everything: sent when a change cannot be said in one message. */
        ALL("all");

        final String word;

        Kind(String word) {
            this.word = word;
        }

        static Optional<Kind> of(String word) {
            for (Kind kind : values()) {
                if (kind.word.equals(word)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** {@return the message as sent: within {@link InvalidationBus#MAX_MESSAGE_BYTES}, else "all"} */
    String encode() {
        String text = PREFIX + " " + origin + " " + kind.word + (kind == Kind.ALL ? "" : " " + value);
        if (text.length() * 3 > InvalidationBus.MAX_MESSAGE_BYTES
                && text.getBytes(StandardCharsets.UTF_8).length > InvalidationBus.MAX_MESSAGE_BYTES) {
            return new InvalidationMessage(origin, Kind.ALL, "").encode();
        }
        return text;
    }

    /**
     * Reads a message; anything that is not exactly one of ours (another application's message on
     * the same channel, a truncated one, a token value that is not a cache key) is empty.
     */
    static Optional<InvalidationMessage> parse(String text) {
        if (text == null || !text.startsWith(PREFIX + " ")) {
            return Optional.empty();
        }
        int originEnd = text.indexOf(' ', PREFIX.length() + 1);
        if (originEnd < 0) {
            return Optional.empty();
        }
        String origin = text.substring(PREFIX.length() + 1, originEnd);
        int kindEnd = text.indexOf(' ', originEnd + 1);
        String word = kindEnd < 0 ? text.substring(originEnd + 1) : text.substring(originEnd + 1, kindEnd);
        String value = kindEnd < 0 ? "" : text.substring(kindEnd + 1);
        Optional<Kind> kind = Kind.of(word);
        if (!isOrigin(origin) || kind.isEmpty()) {
            return Optional.empty();
        }
        boolean valid = switch (kind.get()) {
            case TOKEN -> CachingTokenStore.cacheKeyOf(value).isPresent();
            case TOKENS_OF, USER -> !value.isEmpty();
            case ALL -> kindEnd < 0;
        };
        return valid ? Optional.of(new InvalidationMessage(origin, kind.get(), value)) : Optional.empty();
    }

    /** 16 lower-case hex digits: what {@link Invalidations} names itself with. */
    static boolean isOrigin(String origin) {
        if (origin.length() != 16) {
            return false;
        }
        for (int i = 0; i < origin.length(); i++) {
            char c = origin.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Shows the kind only: a user id is nobody's business in a log. */
    @Override
    public String toString() {
        return "InvalidationMessage[" + kind.word + "]";
    }
}
