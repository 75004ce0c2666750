package org.tokenauth.servlet;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Keeps a connection usable after an answer that did not read the whole request body, or says
 * that it won't be.
 *
 * <p>A server that answers before the body is in (a 401 on a {@code POST}, a 415, a parse error
 * half-way through a multipart body) leaves the rest of the body on the connection. Containers
 * then close it, Jetty without a word; a pooled client (Java's {@code HttpClient}, Python
 * {@code requests}, browsers) has already taken the connection back for its next request, which
 * then fails with an I/O error, and a {@code POST} is not retried. The rule every answer of this
 * library follows, applied here once: <b>either the connection stays usable for the next request,
 * or the answer says {@code Connection: close}</b>.
 *
 * <p>{@link #settleBody} reads and drops what is left of the body, up to {@link #DRAIN_AT_MOST}
 * bytes, so that the container finds the request complete and keeps the connection. When more
 * is left, or the body can no longer be read (a parser gave up on it, the client went away), the
 * answer says {@code Connection: close}, and the client opens a new connection for its next
 * request. Reading waits for the client as any read of a body does, bounded by the container's
 * idle timeout.
 *
 * <p>Applications that answer early themselves, behind the filter, call it the same way: just
 * before writing the status.
 *
 * @since 0.1
 */
public final class KeepAlive {

    /**
     * The most of an unread body that is read and dropped to keep a connection (1 MiB); a larger
     * rest costs more than the new connection it saves.
     */
    public static final long DRAIN_AT_MOST = 1 << 20;

    /** The request attribute that {@link #abandonBody} sets. */
    private static final String ABANDONED = KeepAlive.class.getName() + ".abandoned";

    private KeepAlive() {
    }

    /**
     * Records that the body of {@code request} cannot be read to its end any more: a parser gave
     * up half-way (a malformed multipart body), and the container will close the connection
     * whatever is read afterwards. {@link #settleBody} then marks the answer
     * {@code Connection: close}.
     *
     * @param request the request whose body was abandoned
     */
    public static void abandonBody(HttpServletRequest request) {
        request.setAttribute(ABANDONED, Boolean.TRUE);
    }

    /**
     * Makes the connection usable after the answer about to be written: drops the unread rest of
     * the request body (at most {@link #DRAIN_AT_MOST} bytes), or else marks the answer
     * {@code Connection: close}. Does nothing for a request without a body, or one whose body
     * was read to its end. Call it before the answer is committed.
     *
     * <p>Whether a body was read to its end cannot always be told from its stream: after a
     * multipart parser fails, Jetty's stream reports its end, then Jetty closes the connection.
     * A parser that gives up calls {@link #abandonBody} first.
     *
     * @param request  the request being answered
     * @param response its response, not committed yet
     */
    public static void settleBody(HttpServletRequest request, HttpServletResponse response) {
        long declared = request.getContentLengthLong();
        if (declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null) {
            return; // no body in HTTP/1.1 framing (HTTP/2 never closes a connection over one stream)
        }
        if (declared > DRAIN_AT_MOST || request.getAttribute(ABANDONED) != null) {
            announceClose(response);
            return;
        }
        try {
            ServletInputStream in = request.getInputStream();
            if (in.isFinished()) {
                return;
            }
            byte[] buffer = new byte[8192];
            for (long drained = 0; drained <= DRAIN_AT_MOST; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                drained += n;
            }
        } catch (IOException | UncheckedIOException | IllegalStateException unreadable) {
            // Read as text or as parts already, failed by a parser, or the client went away.
        }
        announceClose(response);
    }

    private static void announceClose(HttpServletResponse response) {
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
    }
}
