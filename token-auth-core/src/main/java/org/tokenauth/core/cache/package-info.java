/**
 * Caches in front of a {@link org.tokenauth.core.TokenStore} and a
 * {@link org.tokenauth.core.UserLookup}, so that an authenticated request costs no database query
 * while its token and user are cached: {@link org.tokenauth.core.cache.CachingTokenStore} and
 * {@link org.tokenauth.core.cache.CachingUserLookup}.
 *
 * <p>They need <a href="https://github.com/ben-manes/caffeine">Caffeine</a> on the class path
 * ({@code com.github.ben-manes.caffeine:caffeine}), an optional dependency of
 * {@code token-auth-core}: add it to your own POM to use this package.
 *
 * <p><b>What a cache costs.</b> Every change made through a cache on this instance (a revocation,
 * an eviction, a replaced token, {@code invalidate(userId)} after a deactivation) is seen at once
 * on this instance. A change made elsewhere (another instance, Django, SQL by hand) is seen here
 * only when the cached entry expires: {@code expireAfter} is the longest a revoked token or a
 * deactivated user can go on authenticating on this instance.
 *
 * @since 0.1
 */
package org.tokenauth.core.cache;
