package org.tokenauth.core;

import java.util.Objects;

/**
 * A token as it is issued: the stored {@link Token} and its plain key, which is handed to the
 * client once. In {@linkplain KeyMode#hashed hashed mode} nothing else ever holds the key again;
 * in {@linkplain KeyMode#drf DRF mode} the key is also the token's {@link Token#lookup()}.
 *
 * @param key   the plain key, for the client; handle it like a password
 * @param token the stored token
 * @since 0.1
 */
public record IssuedToken(String key, Token token) {

    /**
     * An issued token.
     *
     * @param key   the plain key
     * @param token the stored token
     * @throws NullPointerException if an argument is {@code null}
     */
    public IssuedToken {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    /** Describes the token without its key. */
    @Override
    public String toString() {
        return "IssuedToken[key=" + Token.fingerprintOf(key) + ", token=" + token + "]";
    }
}
