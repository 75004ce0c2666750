package org.tokenauth.servlet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.fuzz.Fuzz;

/**
 * {@link RequestBodies} on generated form and JSON bodies: no exception escapes, a well-formed
 * body gives back exactly the fields it was made from (Django's {@code QueryDict}: the last value
 * of a name wins), and a refusal never echoes the input. Multipart is the container's parser;
 * the wire-contract tests cover it on Jetty and Tomcat.
 */
class RequestBodiesFuzzTest {

    private static final Pattern JSON_REFUSAL = Pattern.compile("JSON parse error - (Expecting value|Extra data|Unexpected end of data"
            + "|Invalid JSON|Input exceeds nesting or number length limits"
            + "|'[a-z0-9-]+' codec can't decode byte 0x[0-9a-f]{2} in position \\d+)(: line \\d+ column \\d+( \\(char \\d+\\))?)?");

    private final RequestBodies bodies = new RequestBodies(new ObjectMapper(), 64 * 1024);

    private ParsedBody parse(String contentType, byte[] body) {
        try {
            return bodies.parse(request(contentType, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void formGivesBackTheFieldsItWasEncodedFrom() {
        Fuzz.forAll("form body, encoded fields", Fuzz.tries(), r -> {
            Map<String, String> fields = new LinkedHashMap<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                fields.put(Fuzz.oneOf(r, "username", "password", text(r)), text(r));
            }
            return fields;
        }, fields -> {
            SplittableRandom r = new SplittableRandom(fields.hashCode());
            StringBuilder body = new StringBuilder();
            ObjectNode expected = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                if (r.nextInt(4) == 0) { // an earlier value of the same name, overridden below
                    body.append(formEncode(field.getKey(), r)).append("=stale&");
                }
                body.append(formEncode(field.getKey(), r)).append('=').append(formEncode(field.getValue(), r)).append(r.nextBoolean() ? "&" : "&&");
                expected.put(field.getKey(), field.getValue());
            }
            ParsedBody parsed = parse("application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.US_ASCII));
            assertEquals(new ParsedBody.Data(expected), parsed, body::toString);
        });
    }

    @Test
    void anyFormBodyParsesWithoutAnException() {
        Fuzz.forAll("form body, any bytes", Fuzz.tries(), RequestBodiesFuzzTest::junk,
                body -> assertInstanceOf(ParsedBody.Data.class, parse(Fuzz.oneOf(new SplittableRandom(body.length),
                        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1"), body)));
    }

    @Test
    void jsonGivesBackTheObjectItWasWrittenFrom() {
        ObjectMapper mapper = new ObjectMapper();
        Fuzz.forAll("JSON body, objects", Fuzz.tries(), r -> {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String name = Fuzz.oneOf(r, "username", "password", text(r));
                switch (r.nextInt(7)) {
                    case 0 -> object.putNull(name);
                    case 1 -> object.put(name, r.nextLong());
                    case 2 -> object.put(name, r.nextBoolean());
                    case 3 -> object.putArray(name).add(text(r));
                    case 4 -> object.putObject(name).put(text(r), text(r));
                    case 5 -> object.put(name, r.nextDouble() * 1e6);
                    default -> object.put(name, text(r));
                }
            }
            return object;
        }, object -> {
            try {
                ParsedBody parsed = parse("application/json", mapper.writeValueAsBytes(object));
                assertEquals(new ParsedBody.Data(object), parsed);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void anyJsonBodyIsDataOrARefusalThatDoesNotEchoIt() {
        Fuzz.forAll("JSON body, mangled", Fuzz.tries() * 2, r -> {
            if (r.nextInt(3) == 0) {
                return junk(r);
            }
            String json = Fuzz.oneOf(r, "{\"username\":\"alice\",\"password\":\"s3cr\u00e9t\"}", "[1,2,{\"a\":null}]", "\"text\"",
                    "12.5e3", "null", "true", "{\"username\":[\"x\"],\"password\":{\"y\":1}}", "{}");
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            int edits = 1 + r.nextInt(3);
            for (int i = 0; i < edits && bytes.length > 0; i++) {
                int at = r.nextInt(bytes.length);
                switch (r.nextInt(3)) {
                    case 0 -> bytes[at] = (byte) r.nextInt(256);
                    case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
                    default -> bytes = (new String(bytes, StandardCharsets.ISO_8859_1) + Fuzz.oneOf(r, "}", "]", ",", "\"", "{", "x", "\u00ff"))
                            .getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            return bytes;
        }, body -> {
            ParsedBody parsed = parse(Fuzz.oneOf(new SplittableRandom(body.length), "application/json", "application/json; charset=utf-8"), body);
            if (parsed instanceof ParsedBody.Malformed malformed) {
                assertTrue(JSON_REFUSAL.matcher(malformed.detail()).matches(), malformed.detail());
            } else {
                assertTrue(parsed instanceof ParsedBody.Data || parsed instanceof ParsedBody.NotAnObject
                        || parsed instanceof ParsedBody.NoData, String.valueOf(parsed));
            }
        });
    }

    @Test
    void anyContentTypeIsAnsweredWithoutAnException() {
        Fuzz.forAll("content type, any", Fuzz.tries(), r -> {
            String type = Fuzz.oneOf(r, "application/json", "application/x-www-form-urlencoded", "text/plain", "",
                    "application/json; charset=", "application/json; charset=nonsense", "application/json; charset=utf-16") + text(r);
            return type;
        }, type -> {
            ParsedBody parsed = parse(type, "{\"username\":\"a\"}".getBytes(StandardCharsets.UTF_8));
            assertTrue(parsed != null);
        });
    }

    // ---- generators and a request around a body ----

    private static String text(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append(switch (r.nextInt(6)) {
                case 0 -> (char) r.nextInt(0x20, 0x7f);
                case 1 -> Fuzz.oneOf(r, '&', '=', '+', '%', ' ', ';', '"', '\\');
                case 2 -> (char) r.nextInt(0xa0, 0x800);
                case 3 -> "\ud83d\ude00";
                default -> (char) ('a' + r.nextInt(26));
            });
        }
        return s.toString();
    }

    /** Percent-encodes UTF-8 bytes, each at random either as %XX or as itself where that is unambiguous; a space as + or %20. */
    private static String formEncode(String s, SplittableRandom r) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean plain = c > 0x20 && c < 0x7f && "&=+%;#".indexOf(c) < 0;
            if (c == ' ' && r.nextBoolean()) {
                out.append('+');
            } else if (plain && r.nextInt(4) != 0) {
                out.append((char) c);
            } else {
                out.append(String.format(r.nextBoolean() ? "%%%02X" : "%%%02x", c));
            }
        }
        return out.toString();
    }

    private static byte[] junk(SplittableRandom r) {
        byte[] bytes = new byte[r.nextInt(80)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : Fuzz.oneOf(r, '%', '&', '=', '+', 'a', '{', '}', '"', ':', '[', '0'));
        }
        return bytes;
    }

    private static HttpServletRequest request(String contentType, byte[] body) {
        ServletInputStream stream = new BodyStream(body);
        return (HttpServletRequest) Proxy.newProxyInstance(RequestBodiesFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContentLengthLong" -> (long) body.length;
                    case "getContentLength" -> body.length;
                    case "getHeader" -> "Content-Type".equalsIgnoreCase((String) args[0]) ? contentType : null;
                    case "getContentType" -> contentType;
                    case "getInputStream" -> stream;
                    case "getCharacterEncoding" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

}
