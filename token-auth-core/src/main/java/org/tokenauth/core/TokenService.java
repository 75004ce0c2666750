package org.tokenauth.core;

import java.time.Clock;
import java.util.Objects;

/**
 * The rules for issuing and revoking tokens: a {@link TokenStore}, a {@link TokenGenerator} for new
 * keys and a {@link Clock} for their creation time.
 *
 * <p>{@link #issueFor} is also the user-created hook: call it (or pass {@code service::issueFor} as
 * a {@code Consumer<String>}) when a user is created, and that user has a token from then on.
 *
 * <p>Thread-safe when its store is (every store must be).
 *
 * @since 0.1
 */
public final class TokenService {

    private final TokenStore store;
    private final TokenGenerator generator;
    private final Clock clock;

    /**
     * A service with Django REST Framework's keys ({@link TokenGenerator#secureRandomHex()}) and the
     * system clock.
     *
     * @param store where tokens live
     */
    public TokenService(TokenStore store) {
        this(store, TokenGenerator.secureRandomHex(), Clock.systemUTC());
    }

    /**
     * A service with the given key generator and clock (tests pass fixed ones).
     *
     * @param store     where tokens live
     * @param generator makes new keys
     * @param clock     gives new tokens their creation time
     */
    public TokenService(TokenStore store, TokenGenerator generator, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the user's token, creating it if the user has none: the same token on every call,
     * however many callers race (the obtain-token endpoint, the user-created hook).
     *
     * @param userId the user's id
     * @return the user's token
     * @throws TokenStoreException if the store fails
     */
    public Token issueFor(String userId) {
        return store.getOrCreate(newToken(userId));
    }

    /**
     * Gives the user a fresh token, so the old key stops working at once.
     *
     * @param userId the user's id
     * @return the user's new token
     * @throws TokenStoreException if the store fails
     */
    public Token reissueFor(String userId) {
        return store.replace(newToken(userId));
    }

    /**
     * Deletes the token with this key (a logout that kills every copy of the key). An unknown key
     * is not an error.
     *
     * @param key the key to revoke
     * @return whether a token was deleted
     * @throws TokenStoreException if the store fails
     */
    public boolean revoke(String key) {
        return store.delete(key);
    }

    /**
     * Deletes every token of a user ("log out everywhere").
     *
     * @param userId the user's id
     * @return how many tokens were deleted
     * @throws TokenStoreException if the store fails
     */
    public int revokeAllOf(String userId) {
        return store.deleteAllOf(userId);
    }

    /** {@return the store this service writes to} */
    public TokenStore store() {
        return store;
    }

    private Token newToken(String userId) {
        Objects.requireNonNull(userId, "userId");
        return Token.of(generator.generate(), userId, clock.instant());
    }
}
