package org.tokenauth.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes Django REST Framework's JSON responses: compact JSON in UTF-8, {@code Content-Type:
 * application/json} with no charset parameter, written as bytes so that no container appends one.
 * One instance per filter or servlet; it owns that instance's {@link ObjectMapper}.
 */
final class JsonResponses {

    static final String CONTENT_TYPE = "application/json";

    /** What clients are told while the token store is down. */
    static final String UNAVAILABLE_DETAIL = "Service temporarily unavailable, try again later.";

    /** Seconds a client should wait before retrying after a 503 (sent as {@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 5;

    private final ObjectMapper mapper = new ObjectMapper();

    /** @return the bytes of {@code value} as compact JSON */
    byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only maps, lists and strings are written here; Jackson cannot fail on them.
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code {"detail":"<message>"}} */
    byte[] detail(String message) {
        return json(Map.of("detail", message));
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Sends {@code body} with {@code status}, as DRF does, after {@linkplain KeepAlive#settleBody
     * settling} whatever of the request body is left unread: every answer of this library goes
     * out here.
     */
    static void send(HttpServletRequest request, HttpServletResponse response, int status, byte[] body) throws IOException {
        send(request, response, status, CONTENT_TYPE, body);
    }

    /** {@link #send(HttpServletRequest, HttpServletResponse, int, byte[])} under another media type (problem details). */
    static void send(HttpServletRequest request, HttpServletResponse response, int status, String contentType, byte[] body)
            throws IOException {
        KeepAlive.settleBody(request, response);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Answers a storage failure: 503 with a JSON body and {@code Retry-After}, never 401 (a good
     * token must not look revoked) nor 200. Logged here, without any key, stack trace only in the
     * log, and only for the first failure of an outage (see {@link OutageLog}).
     */
    void sendUnavailable(HttpServletRequest request, HttpServletResponse response, OutageLog outages, String what,
            RuntimeException failure) throws IOException {
        outages.failed(what, failure);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        send(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, detail(UNAVAILABLE_DETAIL));
    }
}
