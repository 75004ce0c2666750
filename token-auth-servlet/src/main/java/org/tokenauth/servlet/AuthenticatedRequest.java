package org.tokenauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.tokenauth.core.UserAccount;

/**
 * A request authenticated by token: answers the standard Servlet API questions, so every framework
 * on top (plain servlets, JAX-RS, Spring MVC) sees the user without knowing this library.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final UserAccount user;
    private final String authType;

    AuthenticatedRequest(HttpServletRequest request, UserAccount user, String authType) {
        super(request);
        this.user = user;
        this.authType = authType;
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
