package org.tokenauth.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where tokens live: the one SPI every store implements. Building blocks only; the policy (one
 * token per user or one per login, expiry, refresh) is {@link TokenService}'s.
 *
 * <p>A store finds tokens by their {@linkplain Token#lookup() lookup value}, the key itself in DRF
 * mode, an HMAC digest of it in hashed mode: it never needs to know which. Lookup values are
 * unique across the store. A store does not make keys or read the clock: callers hand it complete
 * {@link Token}s.
 *
 * <p><b>Atomicity.</b> {@link #getOrInsert} and {@link #insert} are atomic across threads, and
 * across processes that share the storage: what they promise about a user's tokens holds however
 * many callers race.
 *
 * <p><b>Shapes.</b> Django REST Framework's {@code authtoken_token} table holds one token per user
 * and nothing but its key, owner and creation time: a store on it says so through
 * {@link #maxTokensPerUser()} and {@link #keepsDetails()}, and {@link TokenService} refuses a
 * policy the store cannot keep when it is built.
 *
 * <p><b>Failures.</b> When the storage itself fails (connection refused, query error, missing
 * table), every method throws {@link TokenStoreException}, never an empty result. An unknown lookup
 * value is not a failure.
 *
 * <p>Ready stores: {@link InMemoryTokenStore}; {@code org.tokenauth.core.jdbc.JdbcTokenStore} and
 * {@code org.tokenauth.core.jpa.JpaTokenStore} on DRF's table; {@code JdbcTokenauthStore} and
 * {@code JpaTokenauthStore} on token-auth's own {@code tokenauth_token} table, for hashed keys and
 * many tokens per user. A custom store proves itself against
 * the {@code TokenStoreContract} test suite in this module's test-jar.
 *
 * @since 0.1
 */
public interface TokenStore {

    /**
     * The order of {@link #findAllOf}: most recently used (by {@link Token#lastUsed()}, else
     * {@link Token#created()}) first, then the most recently created, then by lookup value; its
     * reverse is the order in which {@link #insert} evicts. For implementations to sort with.
     */
    Comparator<Token> MOST_RECENTLY_USED_FIRST = Comparator
            .comparing((Token t) -> t.lastUsed().orElse(t.created()))
            .thenComparing(Token::created)
            .thenComparing(Token::lookup)
            .reversed();

    /**
     * Finds the token whose lookup value is exactly {@code lookup}: case-sensitive, no trimming.
     * Any string may be asked for, however long and whatever its characters; one that no token has
     * is simply not found.
     *
     * @param lookup the lookup value
     * @return the token, or empty if no token has that lookup value
     * @throws TokenStoreException if the storage fails
     */
    Optional<Token> findByLookup(String lookup);

    /**
     * Finds the token stored under any of these lookup values (a key's digests under each
     * configured secret), in one round trip where the storage allows. The default asks
     * {@link #findByLookup} for each in turn; SQL stores override it with one query.
     *
     * @param lookups the candidate lookup values, most likely first
     * @return the first token found, or empty
     * @throws TokenStoreException if the storage fails
     */
    default Optional<Token> findByAnyLookup(List<String> lookups) {
        for (String lookup : lookups) {
            Optional<Token> token = findByLookup(lookup);
            if (token.isPresent()) {
                return token;
            }
        }
        return Optional.empty();
    }

    /**
     * Lists a user's tokens.
     *
     * @param userId the user's id
     * @return the user's tokens, most recently used (or else created) first; empty if none
     * @throws TokenStoreException if the storage fails
     */
    List<Token> findAllOf(String userId);

    /**
     * Returns a token of {@code candidate.userId()} if the user has one; otherwise stores
     * {@code candidate} and returns it. Atomic: when many callers race for one user who has no
     * token, all of them get the same token and the store holds exactly one. This is Django REST
     * Framework's {@code Token.objects.get_or_create(user=user)}, for the one-token-per-user policy.
     *
     * @param candidate the token to store if the user has none
     * @return the user's token: an existing one (the most recently created), or {@code candidate}
     * @throws TokenStoreException if the storage fails, or if another token already has the
     *                             candidate's lookup value
     */
    Token getOrInsert(Token candidate);

    /**
     * Stores {@code token} as one of at most {@code maxPerUser} tokens of its user: if the user
     * already has that many, the least recently used ones (by {@link Token#lastUsed()}, else
     * {@link Token#created()}) are deleted in the same atomic step, and returned. However many
     * callers race, the user never holds more than {@code maxPerUser} tokens, each inserted token
     * is either stored or reported evicted, and an evicted token is never found again.
     *
     * <p>With {@code maxPerUser} 1 this replaces the user's token (Django's
     * {@code drf_create_token -r}); with {@link Integer#MAX_VALUE} nothing is evicted.
     *
     * @param token      the token to store
     * @param maxPerUser how many tokens the user may hold, this one included; at most
     *                   {@link #maxTokensPerUser()}
     * @return the tokens evicted to make room; empty if none
     * @throws TokenStoreException      if the storage fails, or if another token already has the
     *                                  lookup value of {@code token}
     * @throws IllegalArgumentException if {@code maxPerUser} is under 1 or over
     *                                  {@link #maxTokensPerUser()}
     */
    List<Token> insert(Token token, int maxPerUser);

    /**
     * Deletes the token with exactly this lookup value. Deleting one that no token has does
     * nothing and throws nothing.
     *
     * @param lookup the token's lookup value
     * @return whether a token was deleted
     * @throws TokenStoreException if the storage fails
     */
    boolean delete(String lookup);

    /**
     * Deletes every token of a user ("log out everywhere"). A user with no token is not an error.
     *
     * @param userId the user's id
     * @return how many tokens were deleted
     * @throws TokenStoreException if the storage fails
     */
    int deleteAllOf(String userId);

    /**
     * Records a use of a token: its last-used time and, for a sliding expiry, its new expiry. A
     * store that {@linkplain #keepsDetails() keeps no details} does nothing and returns
     * {@code false}.
     *
     * @param lookup   the token's lookup value
     * @param lastUsed when it was used
     * @param expires  its new expiry, or {@code null} to leave the expiry as it is
     * @return whether a token was updated
     * @throws TokenStoreException if the storage fails
     */
    boolean touch(String lookup, Instant lastUsed, Instant expires);

    /**
     * {@return how many tokens one user can hold here: 1 on Django REST Framework's table (its
     * {@code user_id} is unique), unbounded by default}
     */
    default int maxTokensPerUser() {
        return Integer.MAX_VALUE;
    }

    /**
     * {@return whether this store keeps a token's name, expiry, last use and scopes; Django REST
     * Framework's table keeps none of them}
     */
    default boolean keepsDetails() {
        return true;
    }
}
