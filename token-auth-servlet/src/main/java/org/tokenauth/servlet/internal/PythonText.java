package org.tokenauth.servlet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The few Python text rules Django REST Framework's answers depend on, so that a Java backend
 * answers byte for byte as a Python one would.
 */
public final class PythonText {

    private PythonText() {
    }

    /**
     * {@return whether Python's {@code str.isspace()} holds for one UTF-16 unit} Every Python
     * space is in the BMP.
     *
     * @param c the character
     */
    public static boolean isSpace(char c) {
        return c >= '\t' && c <= '\r'
                || c >= '\u001c' && c <= ' '
                || c == '\u0085' || c == '\u00a0' || c == '\u1680'
                || c >= '\u2000' && c <= '\u200a'
                || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    /**
     * {@return Python's {@code str.strip()}: the text without leading and trailing Unicode whitespace}
     *
     * @param s the text
     */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as the same double, in fixed
     * notation when the decimal exponent is in [-4, 16), else in exponent notation with a sign and
     * at least two digits ({@code 1e+16}, {@code 1e-05}); fixed notation always has a fraction
     * ({@code 100.0}).
     *
     * @param d the number
     * @return Python's text for it
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int decimalPoint = digits.length() - shortest.scale(); // digits before the point
        String sign = d < 0 ? "-" : "";
        if (decimalPoint <= -4 || decimalPoint > 16) {
            int exponent = decimalPoint - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String expDigits = Integer.toString(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (expDigits.length() < 2 ? "0" : "") + expDigits;
        }
        if (decimalPoint <= 0) {
            return sign + "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return sign + digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    /**
     * {@return the first surrogate that is not half of a pair, or -1 if there is none}: what DRF's
     * "Surrogate characters are not allowed" refuses. A Python string holds code points, never
     * surrogate pairs, so only a lone surrogate can be one.
     *
     * @param s the text
     */
    public static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * {@return the name Python gives a JSON value's type, as DRF's messages print it}:
     * {@code list}, {@code dict}, {@code str}, {@code int}, {@code float}, {@code bool} or
     * {@code NoneType}.
     *
     * @param node a JSON value
     */
    public static String typeName(JsonNode node) {
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
