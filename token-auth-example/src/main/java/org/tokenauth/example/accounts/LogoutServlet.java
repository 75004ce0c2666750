package org.tokenauth.example.accounts;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.tokenauth.core.TokenService;
import org.tokenauth.servlet.TokenManagementServlet;

/**
 * {@code /accounts/logout/}: the logout page, and the library's logout.
 *
 * <ul>
 *   <li>{@code GET}: the logout page, whose script makes the browser forget its token (and, before
 *       that, asks for the revocation below);
 *   <li>every other method goes to the library's {@link TokenManagementServlet} for
 *       {@link TokenManagementServlet.Action#LOGOUT}: {@code POST} with
 *       {@code Authorization: Token <key>} revokes that token on the server, so every copy of it (a
 *       stolen one included) stops working at once. 204 on success; 401 without credentials.
 * </ul>
 *
 * @since 0.1
 */
public final class LogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The static page served for GET. */
    static final String PAGE = "/accounts/logout/index.html";

    private final transient TokenManagementServlet logout;

    /**
     * @param tokens revokes tokens
     */
    public LogoutServlet(TokenService tokens) {
        this.logout = TokenManagementServlet.builder(Objects.requireNonNull(tokens, "tokens"),
                TokenManagementServlet.Action.LOGOUT).build();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        switch (request.getMethod()) {
            case "GET", "HEAD" -> request.getRequestDispatcher(PAGE).forward(request, response);
            default -> logout.service(request, response);
        }
    }
}
