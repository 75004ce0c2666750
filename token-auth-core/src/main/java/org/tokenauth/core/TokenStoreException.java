package org.tokenauth.core;

/**
 * A {@link TokenStore} could not do its work: the database is down, a query failed, the schema is
 * missing. It is never thrown for an unknown key, which is simply not found.
 *
 * <p>Callers must not turn it into "not found" or "not authenticated": that would hide an outage
 * and reject good tokens. The servlet filter answers it with 503 Service Unavailable.
 *
 * @since 0.1
 */
public class TokenStoreException extends TokenAuthException {

    private static final long serialVersionUID = 1L;

    /**
     * A storage failure with its cause.
     *
     * @param message what the store was doing, without secrets
     * @param cause   the underlying failure, e.g. an {@link java.sql.SQLException}
     */
    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A storage failure found by the store itself (e.g. a key that belongs to another user).
     *
     * @param message what went wrong, without secrets
     */
    public TokenStoreException(String message) {
        super(message);
    }
}
