package org.tokenauth.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Hears what happens to tokens, for an audit log, metrics or alerts. Every method does nothing
 * by default, so a listener overrides only what it wants.
 *
 * <p><b>Who fires them.</b> {@link TokenService} (issued, revoked, expired, refreshed, migrated),
 * {@link TokenAuthenticator} (rejected; authenticated only when
 * {@linkplain TokenService.Builder#events(TokenEvents, boolean) asked for}, as it fires on every
 * request) and {@link TokenLogin} (login failed, with the source address the transport hands it,
 * e.g. the obtain-token servlet). Never a {@link TokenStore}: a cache in front of a store changes
 * nothing about which events fire, or how often.
 *
 * <p><b>Rules for a listener.</b> It runs on the caller's thread (the request's), after the change
 * it reports, so it should be quick and must be thread-safe. What it throws is logged (the
 * {@code System.Logger} {@code org.tokenauth.core.TokenEvents}, at {@code WARNING}) and goes no
 * further: it never fails a request. No method is handed a plain key: a token's public
 * {@linkplain Token#id() id} or {@linkplain Token#fingerprint() fingerprint} is what to log.
 *
 * @since 0.1
 */
public interface TokenEvents {

    /** A listener that hears nothing. */
    TokenEvents NONE = new TokenEvents() {
        @Override
        public String toString() {
            return "TokenEvents.NONE";
        }
    };

    /** Why a token was deleted. */
    enum Revocation {
        /** By its key or as the token that authenticated a request: a logout. */
        LOGOUT,
        /** By its public id, e.g. from a token-management page or an admin tool. */
        BY_ID,
        /** With every other token of its user ("log out everywhere"). */
        ALL_OF_USER,
        /** Evicted as its user's least recently used token, to make room under the cap. */
        EVICTED,
        /** Replaced by a new token of its user ({@code drf_create_token -r}). */
        REPLACED,
        /** Deleted because it had expired (a prune, or a login that found it expired). */
        EXPIRED
    }

    /**
     * A token was issued (a login, a registration, an admin tool). In DRF mode a login that gets a
     * user's existing token issues nothing new, and fires nothing.
     *
     * @param token the new token
     */
    default void issued(Token token) {
    }

    /**
     * A request was authenticated. Fired only when asked for (it fires on every request).
     *
     * @param user  the user
     * @param token the token it was authenticated with
     */
    default void authenticated(UserAccount user, Token token) {
    }

    /**
     * A request presenting credentials of this scheme was refused.
     *
     * @param reason why: the failure the client is told (an expired token is
     *               {@link Authentication.Failure#TOKEN_EXPIRED} here even when the client is told
     *               {@code "Invalid token."})
     * @param token  the token, when one was found (expired, or its user inactive); empty otherwise
     */
    default void rejected(Authentication.Failure reason, Optional<Token> token) {
    }

    /**
     * A token was deleted.
     *
     * @param token the deleted token: its owner is {@link Token#userId()}, itself {@link Token#id()}
     * @param why   the cause
     */
    default void revoked(Token token, Revocation why) {
    }

    /**
     * An expired token was presented (it is then refused, and fires {@link #rejected} too).
     *
     * @param token the token
     */
    default void expired(Token token) {
    }

    /**
     * A token's sliding expiry was moved on.
     *
     * @param token   the token as it is now stored
     * @param expires its new expiry
     */
    default void refreshed(Token token, Instant expires) {
    }

    /**
     * A key of Django REST Framework's table was taken over into hashed mode's store.
     *
     * @param token the token now stored under the key's digest
     */
    default void migrated(Token token) {
    }

    /**
     * A login was refused: wrong password, unknown user or inactive user alike.
     *
     * @param username      the username as given (trimmed)
     * @param sourceAddress where the attempt came from (e.g. the client's IP address), or empty
     *                      when the transport has none
     */
    default void loginFailed(String username, String sourceAddress) {
    }
}
