/**
 * Django REST Framework's token authentication for Jakarta Servlet 6 containers.
 *
 * <ul>
 *   <li>{@link org.tokenauth.servlet.TokenAuthenticationFilter} reads {@code Authorization: Token <key>}
 *       and answers exactly as DRF's {@code TokenAuthentication} does;
 *   <li>{@link org.tokenauth.servlet.ObtainTokenServlet} trades a username and password for the
 *       user's token, as DRF's {@code obtain_auth_token};
 *   <li>{@link org.tokenauth.servlet.TokenAuthContext} names the {@code ServletContext} attributes
 *       through which a {@code web.xml} deployment receives its collaborators.
 * </ul>
 * Everything else in this package is internal, and {@code org.tokenauth.servlet.internal} (Django
 * REST Framework's request parsing) is not part of the API: the module exports only this package.
 * The user-created hook for JPA users lives in core: {@code org.tokenauth.core.jpa.IssueTokenOnCreate}.
 *
 * @since 0.1
 */
package org.tokenauth.servlet;
