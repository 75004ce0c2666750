package org.tokenauth.example.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.tokenauth.servlet.internal.ParsedBody;
import org.tokenauth.servlet.internal.RequestBodies;

/**
 * Reads a request body the way DRF's default parsers do (JSON, form, multipart), with the
 * library's own parser: a sibling module of this repository, so the example may use
 * {@code org.tokenauth.servlet.internal}, which is not the library's API. Anything DRF refuses is
 * refused with DRF's exact answer.
 *
 * @since 0.1
 */
public final class RequestData {

    /** The largest body read: 64 KiB, far above any valid request of this API. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final RequestBodies BODIES = new RequestBodies(Json.mapper(), MAX_BODY_BYTES);

    private RequestData() {
    }

    /**
     * Reads the request's data.
     *
     * @param request a POST, PUT or PATCH request
     * @return the fields sent; empty when there is no body
     * @throws ApiError    DRF's answer for a body it refuses: 415 for an unsupported content type;
     *                     400 for malformed JSON or form data, or JSON that is not an object; 413
     *                     for a body over {@link #MAX_BODY_BYTES}
     * @throws IOException if reading fails
     */
    public static ObjectNode read(HttpServletRequest request) throws IOException {
        ParsedBody body = BODIES.parse(request);
        if (body instanceof ParsedBody.Refusal refusal) {
            throw ApiError.refusal(refusal.status(), refusal.body());
        }
        return ((ParsedBody.Data) body).fields();
    }
}
