package org.tokenauth.example.accounts;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.example.web.Json;
import org.tokenauth.servlet.TokenAuthenticationFilter;

/**
 * {@code /accounts/logout/}: two ways to log out.
 *
 * <ul>
 *   <li>{@code GET}: the logout page, whose script makes the browser forget its token (and, before
 *       that, asks for the revocation below);
 *   <li>{@code POST} with {@code Authorization: Token <key>}: revokes that token on the server, so
 *       every copy of it (a stolen one included) stops working at once. 204 on success; 401 without
 *       credentials.
 * </ul>
 *
 * @since 0.1
 */
public final class LogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The static page served for GET. */
    static final String PAGE = "/accounts/logout/index.html";

    private static final String ALLOW = "GET, POST, HEAD, OPTIONS";

    private final transient TokenService tokens;

    /**
     * @param tokens revokes tokens
     */
    public LogoutServlet(TokenService tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        switch (request.getMethod()) {
            case "GET", "HEAD" -> request.getRequestDispatcher(PAGE).forward(request, response);
            case "POST" -> revoke(request, response);
            case "OPTIONS" -> {
                response.setHeader("Allow", ALLOW);
                Json.noBody(request, response, HttpServletResponse.SC_OK);
            }
            default -> Json.methodNotAllowed(request, response, request.getMethod(), ALLOW);
        }
    }

    private void revoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getAttribute(TokenAuthenticationFilter.TOKEN_ATTRIBUTE) instanceof Token token)
                || request.getUserPrincipal() == null) {
            response.setHeader("WWW-Authenticate", "Token");
            Json.detail(request, response, HttpServletResponse.SC_UNAUTHORIZED,
                    "Authentication credentials were not provided.");
            return;
        }
        tokens.revoke(token);
        Json.noBody(request, response, HttpServletResponse.SC_NO_CONTENT);
    }
}
