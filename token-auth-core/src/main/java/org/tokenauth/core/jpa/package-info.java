/**
 * A {@link org.tokenauth.core.TokenStore} through Jakarta Persistence:
 * {@link org.tokenauth.core.jpa.JpaTokenStore}, over the {@link org.tokenauth.core.jpa.AuthToken}
 * entity that maps Django REST Framework's {@code authtoken_token} table.
 *
 * <p>Add {@code AuthToken.class} to the application's persistence unit, create the table with the
 * script in this jar ({@code org/tokenauth/core/sql/}), and build the store on the application's
 * {@link jakarta.persistence.EntityManagerFactory}. {@code jakarta.persistence-api} is an optional
 * dependency of this jar: the application brings it, with its provider (Hibernate 7 is tested).
 *
 * <p>{@link org.tokenauth.core.jpa.IssueTokenOnCreate} gives every new user entity that is a
 * {@link org.tokenauth.core.jpa.TokenOwner} its token once the insert commits; it needs Hibernate
 * (7.x, also an optional dependency of this jar).
 *
 * @since 0.1
 */
package org.tokenauth.core.jpa;
