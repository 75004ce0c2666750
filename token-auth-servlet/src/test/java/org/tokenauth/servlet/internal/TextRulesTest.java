package org.tokenauth.servlet.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Python and Django text rules the answers depend on, each against Python's own output. */
class TextRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // double | Python 3's repr()
        "1.5 | 1.5", "100 | 100.0", "0.1 | 0.1", "-0.0 | -0.0", "0 | 0.0", "1e16 | 1e+16", "1e15 | 1000000000000000.0",
        "1.5e16 | 1.5e+16", "0.0001 | 0.0001", "0.00001 | 1e-05", "123456789.125 | 123456789.125",
        "1e22 | 1e+22", "1e23 | 1e+23", "5e-324 | 5e-324", "1.7976931348623157e308 | 1.7976931348623157e+308",
        "0.30000000000000004 | 0.30000000000000004", "-2.5e-7 | -2.5e-07", "Infinity | inf", "-Infinity | -inf"})
    void floatReprWhenDoubleThenPythonRepr(String value, String python) {
        assertEquals(python, PythonText.floatRepr(Double.parseDouble(value)));
    }

    @Test
    void stripWhenUnicodeWhitespaceThenStrippedAsPythonDoes() {
        assertEquals("a b", PythonText.strip(" \t\n\r\u000b\u000c\u001c\u001f\u0085\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000a b "));
        assertEquals("\u200ba\u200b", PythonText.strip("\u200ba\u200b"), "ZERO WIDTH SPACE is not whitespace in Python");
        assertEquals("", PythonText.strip(" \u3000 "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // form body | username as Django's QueryDict reads it
        "username=a+b | a b", "username=%41%42 | AB", "username=%zz | %zz", "username=%4 | %4",
        "username=%C3%A9t%C3%A9 | été", "username=%C3 | \ufffd", "username=1&username=2 | 2",
        "username | ''", "&&username=x&& | x", "username=a=b | a=b", "username=%2B | +"})
    void formWhenUrlencodedThenAsDjango(String body, String expected) {
        ObjectNode fields = RequestBodies.form(body.getBytes(UTF_8), UTF_8);
        assertEquals(RawValue.string(expected.equals("''") ? "" : expected), RawValue.of(fields.get("username")));
    }

    @Test
    void formWhenRawBytesNotUtf8ThenLatin1() {
        ObjectNode fields = RequestBodies.form("username=\u00e9".getBytes(ISO_8859_1), UTF_8);
        assertEquals("\u00e9", fields.get("username").textValue());
    }

    @Test
    void mediaTypeWhenMatchingThenWildcardsOnEitherSide() {
        assertTrue(MediaType.parse("*/*").isMatchedBy(MediaType.FORM), "DRF picks the form parser for */*");
        assertTrue(MediaType.parse("application/*").isMatchedBy(MediaType.FORM));
        assertTrue(MediaType.parse("APPLICATION/JSON ; charset=utf-8").isMatchedBy(MediaType.JSON));
        assertTrue(MediaType.parse("multipart/form-data; boundary=x").isMatchedBy(MediaType.MULTIPART));
        assertFalse(MediaType.parse("application/json-patch+json").isMatchedBy(MediaType.JSON));
        assertFalse(MediaType.parse("").isMatchedBy(MediaType.JSON));
        assertFalse(MediaType.parse("json").isMatchedBy(MediaType.JSON));
        assertEquals(ISO_8859_1, MediaType.parse("application/json; charset=\"ISO-8859-1\"").charset());
        assertEquals(UTF_8, MediaType.parse("application/json; charset=no-such-charset").charset());
        assertTrue(MediaType.parse("multipart/form-data; boundary=\"x y\"").boundary());
        assertFalse(MediaType.parse("multipart/form-data; boundary=").boundary());
    }

    @Test
    void acceptWhenRangesThenJsonOrWildcardRequired() {
        for (String ok : List.of("application/json", "*/*", "application/*", "text/html, */*;q=0.8", "application/json; indent=4")) {
            assertTrue(Accept.allowsJson(ok), ok);
        }
        assertTrue(Accept.allowsJson(null), "no Accept header: anything");
        for (String refused : List.of("text/html", "", "application/xml, text/plain", "application/vnd.api+json")) {
            assertFalse(Accept.allowsJson(refused), refused);
        }
    }
}
