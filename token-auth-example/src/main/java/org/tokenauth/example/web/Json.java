package org.tokenauth.example.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tokenauth.servlet.KeepAlive;

/**
 * Writes JSON responses the way Django REST Framework does: compact bytes,
 * {@code Content-Type: application/json} with no charset parameter.
 *
 * @since 0.1
 */
public final class Json {

    /** Configured once, then only read: Jackson's mapper is thread-safe for that use. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** @return the shared mapper; callers must not reconfigure it */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes {@code body} as the response, after {@linkplain KeepAlive#settleBody settling} what is
     * left unread of the request body, so that the connection stays usable or the answer says
     * {@code Connection: close}: every answer of the example's own servlets goes out here or in
     * {@link #noBody}.
     *
     * @param request  the request being answered
     * @param response the response, not yet committed
     * @param status   the HTTP status
     * @param body     a value Jackson can write
     * @throws IOException if the client went away
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, Object body)
            throws IOException {
        byte[] bytes = bytes(body);
        KeepAlive.settleBody(request, response);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Answers with {@code status} and no body (204, a redirect, an empty 200), settling the request
     * body as {@link #write} does.
     *
     * @param request  the request being answered
     * @param response the response, not yet committed
     * @param status   the HTTP status
     */
    public static void noBody(HttpServletRequest request, HttpServletResponse response, int status) {
        KeepAlive.settleBody(request, response);
        response.setStatus(status);
    }

    /**
     * Writes {@code {"detail": "<detail>"}}, DRF's shape for errors that concern no field.
     *
     * @param request  the request being answered
     * @param response the response, not yet committed
     * @param status   the HTTP status
     * @param detail   the message
     * @throws IOException if the client went away
     */
    public static void detail(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        write(request, response, status, Map.of("detail", detail));
    }

    /**
     * DRF's 405 answer: {@code {"detail":"Method \"PUT\" not allowed."}} with an {@code Allow} header.
     *
     * @param request  the request being answered
     * @param response the response
     * @param method   the refused method
     * @param allow    the allowed methods, e.g. {@code "GET, POST, HEAD, OPTIONS"}
     * @throws IOException if the client went away
     */
    public static void methodNotAllowed(HttpServletRequest request, HttpServletResponse response, String method,
            String allow) throws IOException {
        response.setHeader("Allow", allow);
        detail(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method \"" + method + "\" not allowed.");
    }

    /**
     * A field error map with one message: {@code {"<field>": ["<message>"]}}.
     *
     * @param field   the field name, or {@code non_field_errors}
     * @param message the message
     * @return a mutable, ordered map
     */
    public static Map<String, Object> fieldError(String field, String message) {
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put(field, List.of(message));
        return errors;
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Only our own response types are written here: failing is a bug, not a client error.
            throw new UncheckedIOException("cannot write " + body.getClass().getName() + " as JSON", e);
        }
    }
}
