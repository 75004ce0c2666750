package org.tokenauth.example.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * A client error that ends a request: the status and the DRF-shaped JSON body to answer with.
 * Thrown from deep inside parsing and validation, caught once per servlet by {@link #send}.
 *
 * @since 0.1
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object body;

    private ApiError(int status, Object body, String message) {
        // No stack trace: this is an answer to the client, not a failure of the server.
        super(message, null, false, false);
        this.status = status;
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * An error that concerns no field: {@code {"detail": "<detail>"}}.
     *
     * @param status the HTTP status
     * @param detail the message
     * @return the error
     */
    public static ApiError detail(int status, String detail) {
        return new ApiError(status, Map.of("detail", detail), detail);
    }

    /**
     * A validation error: 400 with {@code {"<field>": ["<message>", …], …}}.
     *
     * @param errors the errors by field, in the order to write them
     * @return the error
     */
    public static ApiError validation(Map<String, ?> errors) {
        return new ApiError(HttpServletResponse.SC_BAD_REQUEST, errors, "invalid fields " + errors.keySet());
    }

    /**
     * A body DRF's parsers refuse, answered as DRF answers it.
     *
     * @param status the HTTP status
     * @param body   DRF's JSON body
     * @return the error
     */
    public static ApiError refusal(int status, Map<String, Object> body) {
        return new ApiError(status, body, "refused body " + body.keySet());
    }

    /** DRF's 404 body, {@code {"detail":"Not found."}}. @return the error */
    public static ApiError notFound() {
        return detail(HttpServletResponse.SC_NOT_FOUND, "Not found.");
    }

    /** @return the HTTP status to answer with */
    public int status() {
        return status;
    }

    /**
     * Writes this error as the response.
     *
     * @param request  the request being answered
     * @param response the response, not yet committed
     * @throws IOException if the client went away
     */
    public void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.write(request, response, status, body);
    }
}
