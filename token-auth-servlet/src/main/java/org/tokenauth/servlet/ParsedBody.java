package org.tokenauth.servlet;

import java.util.Map;

/** A request body once read and parsed as Django REST Framework's parsers would, or why it could not be. */
sealed interface ParsedBody {

    /** Fields by name (absent ones are {@link RawValue#ABSENT}). An empty body is an empty map. */
    record Fields(Map<String, RawValue> values) implements ParsedBody {

        RawValue get(String name) {
            return values.getOrDefault(name, RawValue.ABSENT);
        }

        @Override
        public String toString() {
            return "Fields" + values.keySet();
        }
    }

    /** JSON {@code null}: DRF answers {@code {"non_field_errors":["No data provided"]}}. */
    record NoData() implements ParsedBody {
    }

    /** JSON that is not an object; {@code pythonType} is Python's name for what it is ({@code list}, {@code str}…). */
    record NotAnObject(String pythonType) implements ParsedBody {
    }

    /** A body that cannot be parsed; {@code detail} is DRF's 400 message. */
    record Malformed(String detail) implements ParsedBody {
    }

    /** A body of a media type no parser takes; {@code mediaType} is the header as sent, or {@code ""}. */
    record Unsupported(String mediaType) implements ParsedBody {
    }

    /** A body larger than the limit. */
    record TooLarge() implements ParsedBody {
    }
}
