package org.tokenauth.core;

/**
 * The root of the few exceptions this library throws. Unchecked: they report system problems that
 * a caller rarely handles where it calls, not a client's bad credentials, which are results.
 *
 * <p>No message of this family ever contains a secret key.
 *
 * @since 0.1
 */
public class TokenAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what went wrong, without secrets
     */
    public TokenAuthException(String message) {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what went wrong, without secrets
     * @param cause   the underlying failure
     */
    public TokenAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
