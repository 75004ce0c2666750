/**
 * PostgreSQL's own means for several instances: an
 * {@link org.tokenauth.core.cache.InvalidationBus} over {@code LISTEN} and {@code NOTIFY}. Needs
 * the PostgreSQL JDBC driver ({@code org.postgresql:postgresql}) on the class path, an optional
 * dependency of {@code token-auth-core}.
 *
 * @since 0.1
 */
package org.tokenauth.core.postgres;
