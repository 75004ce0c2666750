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
 * goes to the log only. A database outage ({@link DatabaseFailures}) is answered as the library's
 * filter answers a failing token store: 503 {@code {"detail":"Service temporarily unavailable, try
 * again later."}} with {@code Retry-After}, logged in one line. Registered first, so that it wraps every other filter and servlet, in any
 * container.
 *
 * @since 0.1
 */
public final class ServerErrorFilter implements Filter {

    /** DRF's body for an unhandled exception. */
    static final String SERVER_ERROR = "A server error occurred.";

    /** The library's body for a storage outage. */
    static final String UNAVAILABLE = "Service temporarily unavailable, try again later.";

    /** Seconds a client should wait before retrying after a 503, as the library says. */
    static final int RETRY_AFTER_SECONDS = 5;

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
            answer.resetBuffer();
            if (DatabaseFailures.isUnavailable(e)) {
                // An outage fails every request alike: one line each, not a stack trace each.
                LOG.log(System.Logger.Level.WARNING, "503 for " + http.getMethod() + " " + http.getRequestURI()
                        + ": the database is unavailable: " + e);
                answer.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                Json.detail(http, answer, HttpServletResponse.SC_SERVICE_UNAVAILABLE, UNAVAILABLE);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "500 for " + http.getMethod() + " " + http.getRequestURI(), e);
            Json.detail(http, answer, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, SERVER_ERROR);
        }
    }
}
