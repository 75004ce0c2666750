package org.tokenauth.core;

import java.util.Optional;

/**
 * Where tokens live: the one SPI every store implements.
 *
 * <p>A store keeps at most one token per user and at most one token per key, like Django REST
 * Framework's {@code authtoken_token} table (key primary, {@code user_id} unique). It does not make
 * keys or read the clock: callers (normally {@link TokenService}) hand it complete {@link Token}s.
 *
 * <p><b>Thread safety.</b> Implementations must be safe for use by many threads, and by many
 * processes sharing one database, at once. {@link #getOrCreate} and {@link #replace} are atomic.
 *
 * <p><b>Failures.</b> When the storage itself fails (connection refused, query error, missing
 * table), every method throws {@link TokenStoreException}, never an empty result. An unknown key
 * is not a failure.
 *
 * <p>Ready stores: {@link InMemoryTokenStore}, {@code org.tokenauth.core.jdbc.JdbcTokenStore},
 * {@code org.tokenauth.core.jpa.JpaTokenStore}. A custom store can prove itself against the
 * {@code TokenStoreContract} test suite in this module's test-jar.
 *
 * @since 0.1
 */
public interface TokenStore {

    /**
     * Finds the token whose key is exactly {@code presentedKey}: case-sensitive, no trimming.
     * Any string may be presented, however long and whatever its characters; one that no token has
     * is simply not found.
     *
     * @param presentedKey the key as the client sent it
     * @return the token, or empty if no token has that key
     * @throws TokenStoreException if the storage fails
     */
    Optional<Token> findByKey(String presentedKey);

    /**
     * Finds the token of a user.
     *
     * @param userId the user's id
     * @return the user's token, or empty if the user has none
     * @throws TokenStoreException if the storage fails
     */
    Optional<Token> findByUserId(String userId);

    /**
     * Returns the token of {@code candidate.userId()} if the user has one; otherwise stores
     * {@code candidate} and returns it. Atomic: when many threads or processes call this at once for
     * one user, all of them get the same token and the store holds exactly one for that user.
     *
     * @param candidate the token to store if the user has none
     * @return the user's token: the existing one, or {@code candidate}
     * @throws TokenStoreException if the storage fails, or if another user's token already has the
     *                             candidate's key
     */
    Token getOrCreate(Token candidate);

    /**
     * Makes {@code fresh} the only token of {@code fresh.userId()}: any token the user had is
     * deleted, in the same atomic step (Django's {@code drf_create_token -r}). Afterwards the old
     * key is not found.
     *
     * @param fresh the user's new token
     * @return {@code fresh}
     * @throws TokenStoreException if the storage fails, or if another user's token already has the
     *                             key of {@code fresh}
     */
    Token replace(Token fresh);

    /**
     * Deletes the token with exactly this key. Deleting a key that no token has does nothing and
     * throws nothing.
     *
     * @param key the key of the token to delete
     * @return whether a token was deleted
     * @throws TokenStoreException if the storage fails
     */
    boolean delete(String key);

    /**
     * Deletes every token of a user ("log out everywhere"). A user with no token is not an error.
     *
     * @param userId the user's id
     * @return how many tokens were deleted
     * @throws TokenStoreException if the storage fails
     */
    int deleteAllOf(String userId);
}
