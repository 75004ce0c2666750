package org.tokenauth.servlet;

/**
 * A field's value as Django REST Framework's parsers hand it to {@code AuthTokenSerializer}:
 * absent, JSON {@code null}, text (numbers already coerced as Python's {@code str()} would), or
 * something that is not a string (a list, an object, a boolean, an uploaded file).
 *
 * @param kind which of the four
 * @param text the text, for {@link Kind#STRING} only
 */
record RawValue(Kind kind, String text) {

    enum Kind { ABSENT, NULL, STRING, NOT_A_STRING }

    static final RawValue ABSENT = new RawValue(Kind.ABSENT, null);
    static final RawValue NULL = new RawValue(Kind.NULL, null);
    static final RawValue NOT_A_STRING = new RawValue(Kind.NOT_A_STRING, null);

    static RawValue string(String text) {
        return new RawValue(Kind.STRING, text);
    }

    /** Hides the text: it may be a password. */
    @Override
    public String toString() {
        return "RawValue[" + kind + "]";
    }
}
