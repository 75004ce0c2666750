package org.tokenauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Set;
import org.tokenauth.core.UserAccount;

/**
 * A request authenticated by token: answers the standard Servlet API questions, so every framework
 * on top (plain servlets, JAX-RS, Spring MVC) sees the user without knowing this library.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final UserAccount user;
    private final String authType;
    private final Set<String> scopes;

    AuthenticatedRequest(HttpServletRequest request, UserAccount user, String authType, Set<String> scopes) {
        super(request);
        this.user = user;
        this.authType = authType;
        this.scopes = scopes;
    }

    /** @return whether the token holds {@code role} as a scope: a token's scopes are its roles */
    @Override
    public boolean isUserInRole(String role) {
        return role != null && scopes.contains(role);
    }

    /** @return the {@link UserAccount} */
    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    /** @return the username */
    @Override
    public String getRemoteUser() {
        return user.username();
    }

    /** @return the keyword, e.g. {@code Token} */
    @Override
    public String getAuthType() {
        return authType;
    }
}
