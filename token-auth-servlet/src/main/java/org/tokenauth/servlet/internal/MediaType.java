package org.tokenauth.servlet.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request's {@code Content-Type} as Django REST Framework reads it: main type and subtype,
 * lower case, parameters after {@code ;}, and DRF's matching rule, where a wildcard on either side
 * matches (a request's "any/any" type selects the first parser, the form parser).
 *
 * @param raw     the header as sent, {@code ""} when absent: DRF quotes it in its 415 message
 * @param main    the main type, lower case
 * @param sub     the subtype, lower case
 * @param charset the {@code charset} parameter when present and known to Java, else UTF-8
 *                (Django: an unknown charset is ignored)
 * @param boundary whether a non-empty {@code boundary} parameter is present
 */
public record MediaType(String raw, String main, String sub, Charset charset, boolean boundary) {

    /** DRF's {@code FormParser}. */
    public static final MediaType FORM = parse("application/x-www-form-urlencoded");
    /** DRF's {@code MultiPartParser}. */
    public static final MediaType MULTIPART = parse("multipart/form-data");
    /** DRF's {@code JSONParser} and {@code JSONRenderer}. */
    public static final MediaType JSON = parse("application/json");

    /**
     * {@return the header read as DRF reads it}
     *
     * @param header a {@code Content-Type} header or one range of an {@code Accept} header;
     *               {@code null} when absent
     */
    public static MediaType parse(String header) {
        String raw = header == null ? "" : header;
        String[] parts = raw.split(";");
        String fullType = parts.length == 0 ? "" : parts[0].strip().toLowerCase(Locale.ROOT);
        int slash = fullType.indexOf('/');
        String main = slash < 0 ? fullType : fullType.substring(0, slash);
        String sub = slash < 0 ? "" : fullType.substring(slash + 1);
        Charset charset = StandardCharsets.UTF_8;
        boolean boundary = false;
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(parts[i].substring(eq + 1).strip());
            if (name.equals("charset")) {
                charset = charset(value);
            } else if (name.equals("boundary")) {
                boundary = !value.isEmpty();
            }
        }
        return new MediaType(raw, main, sub, charset, boundary);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Charset charset(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalCharsetNameException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * {@return DRF's {@code media_type_matches(parser, request)}}: wildcards on either side match.
     *
     * @param parser the type a parser or renderer handles
     */
    public boolean isMatchedBy(MediaType parser) {
        return matches(parser.sub, sub) && matches(parser.main, main);
    }

    private static boolean matches(String a, String b) {
        return a.equals("*") || b.equals("*") || a.equals(b);
    }
}
