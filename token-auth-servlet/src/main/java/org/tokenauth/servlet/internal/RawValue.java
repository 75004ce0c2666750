package org.tokenauth.servlet.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field's value as Django REST Framework's parsers hand it to a serializer's text field:
 * absent, JSON {@code null}, text (numbers already coerced as Python's {@code str()} would), or
 * something that is not a string (a list, an object, a boolean, an uploaded file).
 *
 * @param kind which of the four
 * @param text the text, for {@link Kind#STRING} only
 */
public record RawValue(Kind kind, String text) {

    /** What a field holds. */
    public enum Kind {
        /** Not sent. */
        ABSENT,
        /** JSON {@code null}. */
        NULL,
        /** Text, or a number as text. */
        STRING,
        /** A list, an object, a boolean or a file. */
        NOT_A_STRING
    }

    /** A field that was not sent. */
    public static final RawValue ABSENT = new RawValue(Kind.ABSENT, null);
    /** JSON {@code null}. */
    public static final RawValue NULL = new RawValue(Kind.NULL, null);
    /** A value no text field accepts. */
    public static final RawValue NOT_A_STRING = new RawValue(Kind.NOT_A_STRING, null);

    /**
     * {@return a text value}
     *
     * @param text the text
     */
    public static RawValue string(String text) {
        return new RawValue(Kind.STRING, text);
    }

    /**
     * {@return a field of {@link ParsedBody.Data} as DRF's {@code CharField} sees it}: numbers as
     * Python's {@code str()} writes them.
     *
     * @param value the field's JSON value, {@code null} when absent
     */
    public static RawValue of(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return ABSENT;
        }
        if (value.isNull()) {
            return NULL;
        }
        if (value.isTextual()) {
            return string(value.textValue());
        }
        if (value.isIntegralNumber()) {
            return string(value.bigIntegerValue().toString()); // Python: str(int)
        }
        if (value.isNumber()) {
            return string(PythonText.floatRepr(value.doubleValue())); // Python: str(float)
        }
        return NOT_A_STRING; // booleans, lists, objects, files
    }

    /** Hides the text: it may be a password. */
    @Override
    public String toString() {
        return "RawValue[" + kind + "]";
    }
}
