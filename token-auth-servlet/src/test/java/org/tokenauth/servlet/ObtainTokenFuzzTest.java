package org.tokenauth.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tokenauth.core.fuzz.Fuzz;

/**
 * The obtain-token endpoint on embedded Jetty, on generated JSON, form and multipart logins,
 * against a reference model of DRF's {@code ObtainAuthToken} and {@code AuthTokenSerializer}
 * (rest_framework/authtoken/serializers.py, rest_framework/fields.py): each field is checked in
 * turn (missing, null, blank, not a string, a NUL character), the username is stripped as Python's
 * {@code str.strip()} strips and the password never is, then Django's {@code authenticate}.
 * Invariants: never a 5xx, and byte for byte DRF's answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObtainTokenFuzzTest {

    private static final String ALICE = "alice";
    private static final String BOB = "bob"; // inactive

    private final WireApp app = new WireApp();
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private TestContainer container;
    private String aliceKey;

    @BeforeAll
    void start() throws Exception {
        app.users.create(ALICE, WireApp.PASSWORD, true, app.hasher);
        app.users.create(BOB, WireApp.PASSWORD, false, app.hasher);
        container = JettyContainer.start(app.protectedApp());
        Http.Response login = http.postJson(container.uri(WireApp.OBTAIN),
                "{\"username\":\"" + ALICE + "\",\"password\":\"" + WireApp.PASSWORD + "\"}");
        aliceKey = json.readTree(login.body()).get("token").asText();
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
        app.close();
    }

    @Test
    void obtainAnswersAsDrfForAnyLogin() {
        Fuzz.forAll("obtain token over HTTP (JSON, form, multipart)", Fuzz.httpTries(), ObtainTokenFuzzTest::login, login -> {
            Http.Response response = http.send(login.request(container.uri(WireApp.OBTAIN)));
            assertTrue(response.status() < 500, () -> "status " + response.status());
            String body = new String(response.body(), UTF_8);
            assertEquals(drf(login.fields()), response.status() + " " + body);
        });
    }

    // ---- the reference model ----

    /** DRF's answer, as "status body". */
    private String drf(Map<String, JsonNode> fields) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : List.of("username", "password")) {
            JsonNode value = fields.get(name);
            boolean trim = name.equals("username");
            if (value == null) {
                errors.put(name, "This field is required.");
            } else if (value.isNull()) {
                errors.put(name, "This field may not be null.");
            } else if (value.isTextual() && (value.asText().isEmpty() || trim && pythonStrip(value.asText()).isEmpty())) {
                errors.put(name, "This field may not be blank.");
            } else if (value.isBoolean() || !(value.isTextual() || value.isNumber())) {
                errors.put(name, "Not a valid string.");
            } else if (value.asText().indexOf('\u0000') >= 0) { // CharField's ProhibitNullCharactersValidator
                errors.put(name, "Null characters are not allowed.");
            } else {
                values.put(name, trim ? pythonStrip(value.asText()) : value.asText());
            }
        }
        if (!errors.isEmpty()) {
            StringBuilder body = new StringBuilder("{");
            errors.forEach((name, message) -> body.append(body.length() > 1 ? "," : "").append('"').append(name)
                    .append("\":[\"").append(message).append("\"]"));
            return "400 " + body.append('}');
        }
        boolean valid = values.get("username").equals(ALICE) && values.get("password").equals(WireApp.PASSWORD);
        return valid ? "200 {\"token\":\"" + aliceKey + "\"}" : "400 {\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}";
    }

    /** Python's {@code str.strip()}: the characters for which {@code str.isspace()} holds, at both ends. */
    static String pythonStrip(String s) {
        String space = "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                + "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
        int start = 0;
        int end = s.length();
        while (start < end && space.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && space.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    // ---- the generator ----

    /** A login: its fields (absent = missing) and how it is sent. */
    record Login(Map<String, JsonNode> fields, String encoding) {
        HttpRequest.Builder request(java.net.URI uri) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            switch (encoding) {
                case "json" -> {
                    ObjectNode object = JsonNodeFactory.instance.objectNode();
                    fields.forEach(object::set);
                    return request.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(object.toString(), UTF_8));
                }
                case "form" -> {
                    List<String> pairs = new ArrayList<>();
                    fields.forEach((name, value) -> pairs.add(name + "=" + URLEncoder.encode(value.asText(), UTF_8)));
                    return request.header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs), UTF_8));
                }
                default -> {
                    String boundary = "----fuzz" + Math.abs(fields.hashCode());
                    StringBuilder body = new StringBuilder();
                    fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                            .append(name).append("\"\r\n\r\n").append(value.asText()).append("\r\n"));
                    body.append("--").append(boundary).append("--\r\n");
                    return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), UTF_8));
                }
            }
        }

        @Override
        public String toString() {
            return encoding + " " + fields;
        }
    }

    static Login login(SplittableRandom r) {
        String encoding = Fuzz.oneOf(r, "json", "json", "form", "multipart");
        boolean json = encoding.equals("json");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (String name : List.of("username", "password")) {
            if (r.nextInt(8) == 0) {
                continue; // missing
            }
            String good = name.equals("username") ? ALICE : WireApp.PASSWORD;
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            JsonNode value = switch (json ? r.nextInt(10) : 5 + r.nextInt(5)) {
                case 0 -> nodes.nullNode();
                case 1 -> nodes.numberNode(r.nextInt(-5, 100));
                case 2 -> nodes.booleanNode(r.nextBoolean());
                case 3 -> nodes.arrayNode().add(good);
                case 4 -> nodes.objectNode().put("value", good);
                case 5, 6 -> nodes.textNode(good);
                case 7 -> nodes.textNode(Fuzz.oneOf(r, "", " ", "\t", "\u00a0", "\u2003", "\u001c") + good
                        + Fuzz.oneOf(r, "", " ", "\n", "\u3000", "\u200b"));
                case 8 -> nodes.textNode(Fuzz.oneOf(r, "", " ", "  ", "\u00a0", BOB, "Alice", "alic", "alice\u0000", "ålice"));
                default -> nodes.textNode(good.substring(0, r.nextInt(good.length() + 1)) + (char) r.nextInt(0x20, 0x3000));
            };
            if (!json && value.asText().indexOf('\r') >= 0) {
                value = JsonNodeFactory.instance.textNode(value.asText().replace('\r', ' '));
            }
            fields.put(name, value);
        }
        return new Login(fields, encoding);
    }
}
