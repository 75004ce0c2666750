/**
 * Redis for tokens and for several instances: a {@link org.tokenauth.core.TokenStore} in Redis,
 * {@link org.tokenauth.core.redis.RedisTokenStore}, and an
 * {@link org.tokenauth.core.cache.InvalidationBus} over Redis pub/sub,
 * {@link org.tokenauth.core.redis.RedisInvalidationBus}.
 *
 * <p>It needs <a href="https://lettuce.io">Lettuce</a> on the class path
 * ({@code io.lettuce:lettuce-core}), an optional dependency of {@code token-auth-core}: add it to
 * your own POM to use this package.
 *
 * @since 0.1
 */
package org.tokenauth.core.redis;
