package org.tokenauth.servlet.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request body once read and parsed as Django REST Framework's parsers would: its data, or the
 * {@link Refusal} DRF answers instead.
 */
public sealed interface ParsedBody {

    /**
     * DRF's {@code request.data}: a JSON object as sent, or form fields as text (the last value of
     * a repeated name wins; an uploaded file is an empty object, which no text field accepts). A
     * body of no length is an empty object. The node is the caller's, made for this request.
     *
     * @param fields the data
     */
    record Data(ObjectNode fields) implements ParsedBody {

        /**
         * {@return one field as DRF's serializer fields receive it}
         *
         * @param name the field's name
         */
        public RawValue get(String name) {
            return RawValue.of(fields.get(name));
        }

        @Override
        public String toString() {
            List<String> names = new ArrayList<>();
            fields.fieldNames().forEachRemaining(names::add);
            return "Data" + names; // names only: values may be passwords
        }
    }

    /** A body DRF refuses, with DRF's status and JSON body for it. */
    sealed interface Refusal extends ParsedBody {

        /** {@return the HTTP status DRF answers with} */
        int status();

        /** {@return DRF's JSON body, as a map for any JSON writer} */
        Map<String, Object> body();
    }

    /** JSON {@code null}: {@code 400 {"non_field_errors":["No data provided"]}}. */
    record NoData() implements Refusal {

        @Override
        public int status() {
            return 400;
        }

        @Override
        public Map<String, Object> body() {
            return Map.of("non_field_errors", List.of("No data provided"));
        }
    }

    /**
     * JSON that is not an object: {@code 400 {"non_field_errors":["Invalid data. Expected a
     * dictionary, but got list."]}}.
     *
     * @param pythonType Python's name for what was sent ({@code list}, {@code str}…)
     */
    record NotAnObject(String pythonType) implements Refusal {

        @Override
        public int status() {
            return 400;
        }

        @Override
        public Map<String, Object> body() {
            return Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got " + pythonType + "."));
        }
    }

    /**
     * A body that cannot be parsed: {@code 400 {"detail":"JSON parse error - …"}}, never quoting
     * the input.
     *
     * @param detail DRF's message
     */
    record Malformed(String detail) implements Refusal {

        @Override
        public int status() {
            return 400;
        }

        @Override
        public Map<String, Object> body() {
            return Map.of("detail", detail);
        }
    }

    /**
     * A body of a media type no parser takes: {@code 415}.
     *
     * @param mediaType the {@code Content-Type} header as sent, or {@code ""}
     */
    record Unsupported(String mediaType) implements Refusal {

        @Override
        public int status() {
            return 415;
        }

        @Override
        public Map<String, Object> body() {
            return Map.of("detail", "Unsupported media type \"" + mediaType + "\" in request.");
        }
    }

    /**
     * A body larger than the limit: {@code 413} (DRF leaves this to Django's
     * {@code DATA_UPLOAD_MAX_MEMORY_SIZE}; its message is ours).
     *
     * @param maxBytes the limit
     */
    record TooLarge(int maxBytes) implements Refusal {

        @Override
        public int status() {
            return 413;
        }

        @Override
        public Map<String, Object> body() {
            return Map.of("detail", "Request body too large: at most " + maxBytes + " bytes are accepted.");
        }
    }
}
