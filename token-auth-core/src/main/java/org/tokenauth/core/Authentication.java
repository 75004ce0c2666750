package org.tokenauth.core;

import java.util.Objects;

/**
 * What {@link TokenAuthenticator} made of a request's {@code Authorization} header: one of three
 * outcomes, kept apart as Django REST Framework keeps them.
 *
 * <ul>
 *   <li>{@link Anonymous}: no credentials for this scheme (no header, or another scheme such as
 *       {@code Basic}). The request goes on without a user; a protected URL then answers 401.
 *   <li>{@link Rejected}: credentials for this scheme that are malformed or not valid. The request
 *       is answered 401 wherever it was sent.
 *   <li>{@link Authenticated}: a valid key of an active user.
 * </ul>
 *
 * A storage failure is none of these: it is thrown as {@link TokenStoreException}.
 *
 * @since 0.1
 */
public sealed interface Authentication {

    /** No credentials of this scheme were presented. */
    record Anonymous() implements Authentication {
    }

    /**
     * Credentials of this scheme were presented and refused.
     *
     * @param failure why
     */
    record Rejected(Failure failure) implements Authentication {

        /**
         * A refusal.
         *
         * @param failure why
         * @throws NullPointerException if {@code failure} is {@code null}
         */
        public Rejected {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * A valid key of an active user.
     *
     * @param user  the token's owner
     * @param token the token presented
     */
    record Authenticated(UserAccount user, Token token) implements Authentication {

        /**
         * A success.
         *
         * @param user  the token's owner
         * @param token the token presented
         * @throws NullPointerException if an argument is {@code null}
         */
        public Authenticated {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(token, "token");
        }
    }

    /** Why presented credentials were refused, with Django REST Framework's exact message. */
    enum Failure {
        /** The keyword alone, with no key after it. */
        NO_CREDENTIALS("Invalid token header. No credentials provided."),
        /** More than one word after the keyword. */
        CONTAINS_SPACES("Invalid token header. Token string should not contain spaces."),
        /** The key's bytes are not valid UTF-8. */
        INVALID_CHARACTERS("Invalid token header. Token string should not contain invalid characters."),
        /** No token has this key (unknown, revoked, malformed, or expired unless expiry is reported). */
        INVALID_TOKEN("Invalid token."),
        /** The token has expired; only when the application {@linkplain TokenAuthenticator#reportingExpiry asks} to say so. */
        TOKEN_EXPIRED("Token has expired."),
        /** The token's owner is inactive, or no longer exists. */
        USER_INACTIVE("User inactive or deleted.");

        private final String detail;

        Failure(String detail) {
            this.detail = detail;
        }

        /** {@return the message DRF sends as {@code detail} in the 401 body} */
        public String detail() {
            return detail;
        }
    }
}
