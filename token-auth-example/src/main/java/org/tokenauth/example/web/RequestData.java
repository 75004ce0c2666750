package org.tokenauth.example.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.tokenauth.servlet.KeepAlive;

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

    private static final String JSON_PARSE_ERROR = "JSON parse error - ";
    private static final String MULTIPART_PARSE_ERROR = "Multipart form parse error - ";

    private RequestData() {
    }

    /**
     * Reads the request's data.
     *
     * @param request a POST, PUT or PATCH request
     * @return the fields sent; empty when there is no body
     * @throws ApiError    415 for an unsupported content type; 400 for malformed JSON, JSON that is
     *                     not an object, or a form the container cannot parse; 413 for a JSON body
     *                     over {@link #MAX_BODY_BYTES}
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
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalidUtf8(body);
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text); // from chars, so that locations count characters as Python does
        } catch (JsonProcessingException e) {
            // Never Jackson's message: it quotes the input, which may be a password.
            throw ApiError.detail(HttpServletResponse.SC_BAD_REQUEST, JSON_PARSE_ERROR + reason(e) + at(e.getLocation()));
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

    private static ApiError invalidUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        decoder.decode(in, CharBuffer.allocate(body.length), true); // stops at the first bad byte
        int position = Math.min(in.position(), body.length - 1);
        return ApiError.detail(HttpServletResponse.SC_BAD_REQUEST, JSON_PARSE_ERROR + "'utf-8' codec can't decode byte 0x"
                + String.format(Locale.ROOT, "%02x", body[position] & 0xFF) + " in position " + position);
    }

    /** What went wrong, in general terms, as the library's obtain-token servlet says it. */
    private static String reason(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "Unexpected end of data";
        }
        if (e instanceof StreamConstraintsException) {
            return "Input exceeds nesting or number length limits";
        }
        return "Invalid JSON";
    }

    /** Python's location suffix: {@code : line 1 column 5 (char 4)}; never any of the input. */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        String at = ": line " + location.getLineNr() + " column " + location.getColumnNr();
        return location.getCharOffset() >= 0 ? at + " (char " + location.getCharOffset() + ")" : at;
    }

    private static ObjectNode readForm(HttpServletRequest request) throws IOException {
        boolean multipart = isMultipart(request);
        Map<String, String[]> parameters;
        try {
            if (multipart) {
                request.getParts(); // first: this is where the container parses the body and says what is wrong
            }
            parameters = request.getParameterMap();
        } catch (ServletException | IOException | IllegalStateException e) {
            // Containers refuse a bad body with any of these: Tomcat wraps a multipart parse failure in an
            // IOException, Jetty and Servlet 6.1 parameter parsing throw IllegalStateException. It is the
            // client's mistake, so a 400, never a 500; a client gone mid-body gets the same, unread.
            KeepAlive.abandonBody(request); // the container closes after a failed parse, whatever is read now
            throw ApiError.detail(HttpServletResponse.SC_BAD_REQUEST,
                    multipart ? MULTIPART_PARSE_ERROR + "Invalid multipart body." : "Malformed form data.");
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
