package org.tokenauth.example.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tokenauth.servlet.internal.PythonText;

/**
 * Validates the fields of one request body with DRF's rules and messages, collecting every error
 * before answering, as a DRF serializer does: {@code {"field": ["message", …], …}}.
 *
 * <p>Not thread-safe: one instance per request.
 *
 * @since 0.1
 */
public final class Fields {

    private final ObjectNode data;
    private final Map<String, Object> errors = new LinkedHashMap<>();

    /**
     * @param data the request's fields
     */
    public Fields(ObjectNode data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    /**
     * @param name a field name
     * @return whether the request sent this field at all (a partial update leaves others alone)
     */
    public boolean has(String name) {
        return data.has(name);
    }

    /**
     * @param name a field name
     * @return the raw value sent, or empty if absent
     */
    public Optional<JsonNode> raw(String name) {
        return Optional.ofNullable(data.get(name));
    }

    /**
     * Reads a DRF {@code CharField}: numbers are taken as their text, other non-strings are refused;
     * empty text (after trimming, if {@code trim}) is refused; text longer than {@code maxLength},
     * holding a NUL or a lone surrogate is refused with DRF's messages.
     *
     * @param name      the field name
     * @param required  whether a missing field is an error
     * @param maxLength the most characters allowed
     * @param trim      whether to strip surrounding whitespace first (DRF's default; never for passwords)
     * @return the value, or empty if absent or invalid (the error is recorded)
     */
    public Optional<String> text(String name, boolean required, int maxLength, boolean trim) {
        JsonNode node = data.get(name);
        if (node == null) {
            if (required) {
                error(name, "This field is required.");
            }
            return Optional.empty();
        }
        if (node.isNull()) {
            error(name, "This field may not be null.");
            return Optional.empty();
        }
        if (!node.isTextual() && !node.isNumber()) {
            error(name, "Not a valid string.");
            return Optional.empty();
        }
        String value = trim ? node.asText().strip() : node.asText();
        if (value.isEmpty()) {
            error(name, "This field may not be blank.");
            return Optional.empty();
        }
        // DRF's CharField validators, all run, in its order: length, then no NUL (PostgreSQL
        // cannot store one), then no lone surrogate (no UTF-8 form to store or hash).
        boolean valid = true;
        if (value.codePointCount(0, value.length()) > maxLength) {
            error(name, "Ensure this field has no more than " + maxLength + " characters.");
            valid = false;
        }
        if (value.indexOf('\0') >= 0) {
            error(name, "Null characters are not allowed.");
            valid = false;
        }
        int surrogate = PythonText.loneSurrogate(value);
        if (surrogate >= 0) {
            error(name, String.format("Surrogate characters are not allowed: U+%X.", surrogate));
            valid = false;
        }
        return valid ? Optional.of(value) : Optional.empty();
    }

    /**
     * Records an error for a field (or {@code non_field_errors}); several errors for one field are
     * kept in order.
     *
     * @param name    the field name
     * @param message the message
     */
    @SuppressWarnings("unchecked")
    public void error(String name, String message) {
        Object existing = errors.get(name);
        if (existing instanceof List<?> list) {
            ((List<Object>) list).add(message);
        } else {
            List<Object> messages = new ArrayList<>();
            messages.add(message);
            errors.put(name, messages);
        }
    }

    /**
     * Records a structured error for a field, such as a nested list's per-item errors.
     *
     * @param name  the field name
     * @param value the error value to write under that name
     */
    public void nestedError(String name, Object value) {
        errors.put(name, value);
    }

    /** @return the errors recorded so far, by field, in order */
    public Map<String, Object> errors() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /** @return whether any error was recorded */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * Ends the request with 400 and every recorded error, if there is any.
     *
     * @throws ApiError if an error was recorded
     */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiError.validation(errors);
        }
    }
}
