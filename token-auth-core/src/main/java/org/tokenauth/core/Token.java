package org.tokenauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An API token: a secret key that stands for one user, and when it was created.
 *
 * <p>This is a value-based class: immutable, compared by value, never {@code null} inside. It is a
 * final class with a static factory rather than a record on purpose: tokens will grow (expiry, a
 * name per device, last-used time), and a record's canonical constructor and accessors would make
 * each new component a breaking change. Here a new property is a new method and a new
 * {@code with…} copy method, and existing callers keep compiling.
 *
 * <p><b>User ids are strings.</b> Django's {@code authtoken_token.user_id} is an integer, while Java
 * applications key their users by {@code long}, {@link java.util.UUID} or {@code String}. A type
 * parameter ({@code Token<ID>}) would spread into every SPI, filter and servlet signature and could
 * not be named in {@code web.xml}. Every one of those id types has a lossless canonical text form
 * ({@link Long#toString(long)}, {@link java.util.UUID#toString()}), so the token carries that text,
 * and each store converts it to its column's type (see {@code JdbcTokenStore.UserIdType}).
 *
 * <p>{@link #toString()} never prints the key, only its {@linkplain #fingerprint() fingerprint}, so a
 * token logged by mistake leaks nothing usable.
 *
 * @since 0.1
 */
public final class Token {

    private static final int FINGERPRINT_BYTES = 4;

    private final String key;
    private final String userId;
    private final Instant created;

    private Token(String key, String userId, Instant created) {
        this.key = Objects.requireNonNull(key, "key");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.created = Objects.requireNonNull(created, "created");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
    }

    /**
     * Returns a token with the given key, owner and creation time.
     *
     * @param key     the secret key, as clients present it
     * @param userId  the canonical text form of the owner's id
     * @param created when the token was created
     * @return the token
     * @throws NullPointerException     if any argument is {@code null}
     * @throws IllegalArgumentException if {@code key} or {@code userId} is blank
     */
    public static Token of(String key, String userId, Instant created) {
        return new Token(key, userId, created);
    }

    /** {@return the secret key; handle it like a password} */
    public String key() {
        return key;
    }

    /** {@return the canonical text form of the owner's id} */
    public String userId() {
        return userId;
    }

    /** {@return when the token was created} */
    public Instant created() {
        return created;
    }

    /**
     * Returns a short, non-reversible label for this token, safe to log: see {@link #fingerprintOf}.
     *
     * @return the label, e.g. {@code "sha256:8b2c1f0e"}
     */
    public String fingerprint() {
        return fingerprintOf(key);
    }

    /**
     * Returns a short, non-reversible label for any key, e.g. a presented one that no token has, so
     * log lines about one key can be told apart and matched without holding the key: the first 8
     * hex characters (32 bits) of the SHA-256 of its UTF-8 bytes. It reveals no character of the
     * key, unlike a prefix would. Whoever holds a key finds its label with
     * {@code printf %s "$KEY" | sha256sum | cut -c1-8}.
     *
     * @param key a key
     * @return the label, e.g. {@code "sha256:8b2c1f0e"}
     */
    public static String fingerprintOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token that
                && key.equals(that.key)
                && userId.equals(that.userId)
                && created.equals(that.created);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, userId, created);
    }

    /** Describes the token without its key. */
    @Override
    public String toString() {
        return "Token[key=" + fingerprint() + ", userId=" + userId + ", created=" + created + "]";
    }
}
