package org.tokenauth.example.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body the way DRF's default parsers do: a JSON object, or form fields
 * ({@code application/x-www-form-urlencoded} or {@code multipart/form-data}, parsed by the
 * container), as one JSON object. Anything else is refused with DRF's exact error.
 *
 * @since 0.1
 */
public final class RequestData {

    /** The largest JSON body read: 64 KiB, far above any valid request of this API. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private RequestData() {
    }

    /**
     * Reads the request's data.
     *
     * @param request a POST, PUT or PATCH request
     * @return the fields sent; empty when there is no body
     * @throws ApiError    415 for an unsupported content type; 400 for malformed JSON or JSON that is
     *                     not an object; 413 for a JSON body over {@link #MAX_BODY_BYTES}
     * @throws IOException if reading fails
     */
    public static ObjectNode read(HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || contentType.isBlank()) {
            if (hasNoBody(request)) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw unsupported("");
        }
        String mediaType = mediaType(contentType);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return readJson(request);
        }
        if (mediaType.equals("application/x-www-form-urlencoded") || mediaType.equals("multipart/form-data")) {
            return readForm(request);
        }
        throw unsupported(contentType);
    }

    private static ObjectNode readJson(HttpServletRequest request) throws IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ApiError.detail(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "Request body is too large (the limit is " + MAX_BODY_BYTES + " bytes).");
        }
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.detail(HttpServletResponse.SC_BAD_REQUEST, "JSON parse error - " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw ApiError.validation(Json.fieldError("non_field_errors", "No data provided"));
        }
        if (!tree.isObject()) {
            throw ApiError.validation(Json.fieldError("non_field_errors",
                    "Invalid data. Expected a dictionary, but got " + pythonType(tree) + "."));
        }
        return (ObjectNode) tree;
    }

    private static ObjectNode readForm(HttpServletRequest request) throws IOException {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException e) {
            // The container refused the form (too large, or multipart without a config).
            throw ApiError.detail(HttpServletResponse.SC_BAD_REQUEST, "Malformed form data.");
        }
        if (isMultipart(request)) {
            try {
                request.getParts(); // makes the container parse the parts now, so bad ones fail here
            } catch (ServletException | IllegalStateException e) {
                throw ApiError.detail(HttpServletResponse.SC_BAD_REQUEST, "Multipart form parse error.");
            }
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        parameters.forEach((name, values) -> {
            if (values.length > 0) {
                data.put(name, values[values.length - 1]); // QueryDict's rule: the last value wins
            }
        });
        return data;
    }

    private static boolean isMultipart(HttpServletRequest request) {
        return mediaType(request.getContentType()).equals("multipart/form-data");
    }

    private static boolean hasNoBody(HttpServletRequest request) {
        return request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    private static ApiError unsupported(String contentType) {
        return ApiError.detail(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type \"" + contentType + "\" in request.");
    }

    /**
     * The name Python gives a JSON value's type, as DRF's messages print it.
     *
     * @param node a JSON value
     * @return {@code list}, {@code str}, {@code int}, {@code float}, {@code bool}, {@code dict}
     *         or {@code NoneType}
     */
    public static String pythonType(JsonNode node) {
        if (node.isArray()) {
            return "list";
        }
        if (node.isObject()) {
            return "dict";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        if (node.isNumber()) {
            return "float";
        }
        return "NoneType";
    }
}
