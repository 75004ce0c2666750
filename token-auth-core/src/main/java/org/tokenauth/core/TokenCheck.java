package org.tokenauth.core;

import java.util.Objects;

/**
 * What {@link TokenService#check} found for a presented key.
 *
 * @since 0.1
 */
public sealed interface TokenCheck {

    /** The answer for a key that no live or expired token has: unknown, revoked, malformed. */
    TokenCheck INVALID = new Invalid();

    /**
     * A live token.
     *
     * @param token the token, as stored (after a sliding refresh, with its new expiry)
     */
    record Valid(Token token) implements TokenCheck {
        /**
         * Requires a token.
         *
         * @param token the token
         */
        public Valid {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * A token whose expiry has passed: refused, like an unknown key, unless the application
     * chooses to say why.
     *
     * @param token the expired token
     */
    record Expired(Token token) implements TokenCheck {
        /**
         * Requires a token.
         *
         * @param token the token
         */
        public Expired {
            Objects.requireNonNull(token, "token");
        }
    }

    /** No token: see {@link #INVALID}. */
    record Invalid() implements TokenCheck {
    }
}
