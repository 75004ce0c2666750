package org.tokenauth.example.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The last word on a request that failed inside the application: instead of the container's error
 * page, which may show the exception's text (a SQL statement, a class name) or its stack trace,
 * the client gets DRF's generic 500 {@code {"detail":"A server error occurred."}}; the exception
 * goes to the log only. Registered first, so that it wraps every other filter and servlet, in any
 * container.
 *
 * @since 0.1
 */
public final class ServerErrorFilter implements Filter {

    /** DRF's body for an unhandled exception. */
    static final String SERVER_ERROR = "A server error occurred.";

    private static final System.Logger LOG = System.getLogger(ServerErrorFilter.class.getName());

    /** Creates the filter. */
    public ServerErrorFilter() {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)
                    || answer.isCommitted()) {
                throw e; // too late for an answer: the container drops the connection
            }
            LOG.log(System.Logger.Level.ERROR, "500 for " + http.getMethod() + " " + http.getRequestURI(), e);
            answer.resetBuffer();
            Json.detail(http, answer, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, SERVER_ERROR);
        }
    }
}
