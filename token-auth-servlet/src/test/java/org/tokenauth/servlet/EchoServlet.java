package org.tokenauth.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tokenauth.core.Token;
import org.tokenauth.core.UserAccount;

/** The test app's own endpoint: reports who the Servlet API says the caller is. */
public final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ObjectMapper mapper = new ObjectMapper();

    /** For web.xml. */
    public EchoServlet() {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> echo = new LinkedHashMap<>();
        Principal principal = request.getUserPrincipal();
        echo.put("path", request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
        echo.put("method", request.getMethod());
        echo.put("principal", principal == null ? null : principal.getName());
        echo.put("userId", principal instanceof UserAccount account ? account.id() : null);
        echo.put("remoteUser", request.getRemoteUser());
        echo.put("authType", request.getAuthType());
        Object token = request.getAttribute(TokenAuthenticationFilter.TOKEN_ATTRIBUTE);
        echo.put("tokenUserId", token instanceof Token t ? t.userId() : null);
        echo.put("authorization", request.getHeader("Authorization"));
        byte[] body = mapper.writeValueAsBytes(echo);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
