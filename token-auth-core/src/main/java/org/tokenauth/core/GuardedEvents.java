package org.tokenauth.core;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TokenEvents} that hands each event to another and keeps what it throws from the caller:
 * logged, never rethrown. The one place events are dispatched from.
 */
final class GuardedEvents implements TokenEvents {

    private static final System.Logger LOG = System.getLogger(TokenEvents.class.getName());

    private final TokenEvents listener;

    private GuardedEvents(TokenEvents listener) {
        this.listener = listener;
    }

    static TokenEvents of(TokenEvents listener) {
        Objects.requireNonNull(listener, "events");
        return listener == NONE || listener instanceof GuardedEvents ? listener : new GuardedEvents(listener);
    }

    private void failed(String event, RuntimeException e) {
        // The listener's own failure, logged with its stack; no event argument is logged.
        LOG.log(Level.WARNING, "token event listener " + listener.getClass().getName() + " failed on '" + event
                + "'; the request goes on", e);
    }

    @Override
    public void issued(Token token) {
        try {
            listener.issued(token);
        } catch (RuntimeException e) {
            failed("issued", e);
        }
    }

    @Override
    public void authenticated(UserAccount user, Token token) {
        try {
            listener.authenticated(user, token);
        } catch (RuntimeException e) {
            failed("authenticated", e);
        }
    }

    @Override
    public void rejected(Authentication.Failure reason, Optional<Token> token) {
        try {
            listener.rejected(reason, token);
        } catch (RuntimeException e) {
            failed("rejected", e);
        }
    }

    @Override
    public void revoked(Token token, Revocation why) {
        try {
            listener.revoked(token, why);
        } catch (RuntimeException e) {
            failed("revoked", e);
        }
    }

    @Override
    public void expired(Token token) {
        try {
            listener.expired(token);
        } catch (RuntimeException e) {
            failed("expired", e);
        }
    }

    @Override
    public void refreshed(Token token, Instant expires) {
        try {
            listener.refreshed(token, expires);
        } catch (RuntimeException e) {
            failed("refreshed", e);
        }
    }

    @Override
    public void migrated(Token token) {
        try {
            listener.migrated(token);
        } catch (RuntimeException e) {
            failed("migrated", e);
        }
    }

    @Override
    public void loginFailed(String username, String sourceAddress) {
        try {
            listener.loginFailed(username, sourceAddress);
        } catch (RuntimeException e) {
            failed("loginFailed", e);
        }
    }

    @Override
    public String toString() {
        return listener.toString();
    }
}
