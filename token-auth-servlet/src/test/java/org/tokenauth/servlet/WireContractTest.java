package org.tokenauth.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;

/**
 * The wire contract (docs/WIRE-CONTRACT.md), row by row, over real HTTP on a real container. Written once; each
 * container runs it through a subclass ({@link JettyWireContractTest}, {@link TomcatWireContractTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WireContractTest {

    static final String NOT_PROVIDED = "{\"detail\":\"Authentication credentials were not provided.\"}";
    static final String NO_CREDENTIALS = "{\"detail\":\"Invalid token header. No credentials provided.\"}";
    static final String CONTAINS_SPACES = "{\"detail\":\"Invalid token header. Token string should not contain spaces.\"}";
    static final String INVALID_CHARACTERS =
            "{\"detail\":\"Invalid token header. Token string should not contain invalid characters.\"}";
    static final String INVALID_TOKEN = "{\"detail\":\"Invalid token.\"}";
    static final String USER_INACTIVE = "{\"detail\":\"User inactive or deleted.\"}";
    static final String BAD_CREDENTIALS = "{\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}";
    static final String UNAVAILABLE = "{\"detail\":\"Service temporarily unavailable, try again later.\"}";
    static final Pattern TOKEN_BODY = Pattern.compile("\\{\"token\":\"[0-9a-f]{40}\"}");

    final Http http = new Http();
    WireApp app;
    TestContainer container;

    /** Starts this subclass's container with {@code app}. */
    abstract TestContainer start(jakarta.servlet.ServletContainerInitializer app) throws Exception;

    @BeforeAll
    void startContainer() throws Exception {
        app = new WireApp();
        container = start(app.protectedApp());
    }

    @AfterAll
    void stopContainer() throws Exception {
        container.close();
        app.close();
    }

    URI uri(String path) {
        return container.uri(path);
    }

    /** Asserts DRF's exact answer: status, body bytes, and {@code Content-Type: application/json} without charset. */
    static void assertDrf(Http.Response response, int status, String body) {
        assertAll(response.toString(),
                () -> assertEquals(status, response.status(), "status"),
                () -> assertEquals(body, response.text(), "body"),
                () -> assertEquals("application/json", response.header("Content-Type").orElse(null), "Content-Type"));
    }

    static void assertChallenge(Http.Response response, String body, String keyword) {
        assertDrf(response, 401, body);
        assertEquals(List.of(keyword), response.headers("WWW-Authenticate"), "WWW-Authenticate");
    }

    /** @return a new active user's key, obtained over HTTP */
    String keyOfNewUser(String prefix) {
        String name = WireApp.uniqueName(prefix);
        app.newUser(name);
        Http.Response response = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD));
        assertEquals(200, response.status(), response.toString());
        return response.json().get("token").asText();
    }

    static String credentials(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    Http.Response getWithAuthorization(String path, String authorization) {
        return http.get(uri(path), "Authorization", authorization);
    }

    Http.Response rawAuthorization(String path, byte[] value) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("Authorization: ".getBytes(ISO_8859_1));
        line.writeBytes(value);
        return Http.rawGet(container.port(), path, line.toByteArray());
    }

    @Nested
    @DisplayName("Authentication (docs/WIRE-CONTRACT.md, first table)")
    class AuthenticationRows {

        @Test
        void doFilterWhenNoHeaderOnProtectedPathThen401NotProvided() {
            assertChallenge(http.get(uri("/api/polls/")), NOT_PROVIDED, "Token");
        }

        @Test
        void doFilterWhenEmptyHeaderOnProtectedPathThen401NotProvided() {
            assertChallenge(rawAuthorization("/api/polls/", new byte[0]), NOT_PROVIDED, "Token");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
            "Token:9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "Token: 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
            "Tokens 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"})
        void doFilterWhenOtherSchemeOnProtectedPathThen401NotProvided(String header) {
            assertChallenge(getWithAuthorization("/api/polls/", header), NOT_PROVIDED, "Token");
        }

        @Test
        @DisplayName("another scheme passes through untouched, so Basic or session auth can coexist")
        void doFilterWhenOtherSchemeOnOpenPathThenPassesThroughUntouched() {
            Http.Response response = getWithAuthorization("/open/page", "Basic dXNlcjpwYXNz");
            assertEquals(200, response.status(), response.toString());
            JsonNode echo = response.json();
            assertTrue(echo.get("principal").isNull());
            assertTrue(echo.get("authType").isNull());
            assertEquals("Basic dXNlcjpwYXNz", echo.get("authorization").asText());
        }

        @Test
        void doFilterWhenAnonymousOnOpenPathThenProceedsAnonymous() {
            Http.Response response = http.get(uri("/open/page"));
            assertEquals(200, response.status(), response.toString());
            assertTrue(response.json().get("principal").isNull());
            assertEquals(200, http.get(uri("/static/site.css")).status(), "the extension pattern *.css is open");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Token", "token", "Token ", "Token \t ", "  Token  "})
        void doFilterWhenKeywordAloneThen401NoCredentials(String header) {
            assertChallenge(rawAuthorization("/api/polls/", header.getBytes(ISO_8859_1)), NO_CREDENTIALS, "Token");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Token a b", "Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b extra", "Token a\tb"})
        void doFilterWhenSeveralCredentialPartsThen401ContainsSpaces(String header) {
            assertChallenge(rawAuthorization("/api/polls/", header.getBytes(ISO_8859_1)), CONTAINS_SPACES, "Token");
        }

        @Test
        void doFilterWhenCredentialIsNotUtf8Then401InvalidCharacters() {
            byte[] header = {'T', 'o', 'k', 'e', 'n', ' ', 'a', (byte) 0xff, (byte) 0xfe, 'b'};
            assertChallenge(rawAuthorization("/api/polls/", header), INVALID_CHARACTERS, "Token");
        }

        @Test
        void doFilterWhenCredentialIsNonAsciiUtf8ThenLookedUpAndInvalidToken() {
            byte[] header = "Token ключ".getBytes(UTF_8);
            assertChallenge(rawAuthorization("/api/polls/", header), INVALID_TOKEN, "Token");
        }

        @Test
        void doFilterWhenUnknownKeyThen401InvalidToken() {
            String key = keyOfNewUser("unknown");
            String[] unknown = {
                "0123456789abcdef0123456789abcdef01234567",
                key.toUpperCase(java.util.Locale.ROOT),
                key.substring(0, 39),
                key + "0",
                "x".repeat(4_000),
            };
            for (String candidate : unknown) {
                assertChallenge(getWithAuthorization("/api/polls/", "Token " + candidate), INVALID_TOKEN, "Token");
            }
        }

        @Test
        @DisplayName("an ~8 KB header reaches the filter and is an invalid token")
        void doFilterWhen8KbHeaderThen401InvalidToken() {
            assertChallenge(getWithAuthorization("/api/polls/", "Token " + "a".repeat(7_600)), INVALID_TOKEN, "Token");
        }

        @Test
        @DisplayName("a header over the container's limit is refused by the container itself, never 2xx or 5xx")
        void doFilterWhenHeaderBeyondContainerLimitThenContainerRefuses() {
            Http.Response response = rawAuthorization("/api/polls/", ("Token " + "a".repeat(20_000)).getBytes(ISO_8859_1));
            assertEquals(headerTooLargeStatus(), response.status(), response.toString());
            assertFalse(response.text().contains("\"detail\""), "the container's answer, not the filter's");
        }

        @Test
        void doFilterWhenInactiveUserThen401UserInactive() {
            String name = WireApp.uniqueName("inactive");
            String id = app.newUser(name);
            String key = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD)).json().get("token").asText();
            app.users.setActive(id, false);
            assertChallenge(getWithAuthorization("/api/polls/", "Token " + key), USER_INACTIVE, "Token");
            assertChallenge(getWithAuthorization("/open/page", "Token " + key), USER_INACTIVE, "Token");
        }

        @Test
        void doFilterWhenDeletedUserThen401UserInactive() throws Exception {
            String name = WireApp.uniqueName("deleted");
            String id = app.newUser(name);
            String key = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD)).json().get("token").asText();
            app.users.delete(id);
            // This app keeps keys in the users row, so deleting the user deletes the key too.
            assertChallenge(getWithAuthorization("/api/polls/", "Token " + key), INVALID_TOKEN, "Token");
            // A store with its own table keeps a deleted user's token: its owner is not found.
            InMemoryTokenStore separate = new InMemoryTokenStore();
            IssuedToken orphan = new TokenService(separate).issueFor(id);
            try (TestContainer orphanApp = start((classes, ctx) -> {
                ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(separate, app.users).build())
                        .addMappingForUrlPatterns(null, false, "/*");
                ctx.addServlet("echo", new EchoServlet()).addMapping("/");
            })) {
                assertChallenge(http.get(orphanApp.uri("/api/polls/"), "Authorization", "Token " + orphan.key()),
                        USER_INACTIVE, "Token");
            }
        }

        @Test
        void doFilterWhenValidKeyThenProceedsAsUser() {
            String name = WireApp.uniqueName("valid");
            String id = app.newUser(name);
            String key = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD)).json().get("token").asText();
            Http.Response response = getWithAuthorization("/api/polls/", "Token " + key);
            assertEquals(200, response.status(), response.toString());
            JsonNode echo = response.json();
            assertEquals(name, echo.get("principal").asText());
            assertEquals(id, echo.get("userId").asText());
            assertEquals(name, echo.get("remoteUser").asText());
            assertEquals("Token", echo.get("authType").asText());
            assertEquals(id, echo.get("tokenUserId").asText(), "the Token is a request attribute");
            assertEquals("/api/polls/", echo.get("path").asText());
        }

        @ParameterizedTest
        @ValueSource(strings = {"token", "TOKEN", "tOkEn", "Token"})
        void doFilterWhenKeywordInAnyCaseThenAuthenticated(String keyword) {
            String key = keyOfNewUser("case");
            Http.Response response = getWithAuthorization("/api/polls/", keyword + " " + key);
            assertEquals(200, response.status(), response.toString());
            assertEquals("Token", response.json().get("authType").asText(), "getAuthType() is the configured keyword");
        }

        @Test
        void doFilterWhenWhitespaceAroundAndBetweenThenAuthenticated() {
            String key = keyOfNewUser("ws");
            Http.Response response = rawAuthorization("/api/polls/", ("Token \t  " + key + " \t").getBytes(ISO_8859_1));
            assertEquals(200, response.status(), response.toString());
        }

        @Test
        @DisplayName("bad credentials are rejected on open paths too, and before the app's own 404 and 405")
        void doFilterWhenBadCredentialsOnOpenPathOrUnknownPathThen401() {
            assertChallenge(getWithAuthorization("/open/page", "Token nope"), INVALID_TOKEN, "Token");
            assertChallenge(getWithAuthorization(WireApp.OBTAIN, "Token nope"), INVALID_TOKEN, "Token");
            assertChallenge(http.post(uri(WireApp.OBTAIN), "application/json", credentials("a", "b"),
                    "Authorization", "Token nope"), INVALID_TOKEN, "Token");
            assertChallenge(getWithAuthorization("/no/such/page", "Token"), NO_CREDENTIALS, "Token");
        }

        @Test
        @DisplayName("path traversal cannot reach a protected path through an open prefix")
        void doFilterWhenDotSegmentsLeaveOpenPrefixThenProtected() {
            Http.Response response = Http.raw(container.port(),
                    ("GET " + TestContainer.CONTEXT_PATH + "/open/../api/polls/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(ISO_8859_1));
            assertChallenge(response, NOT_PROVIDED, "Token");
            Http.Response encoded = Http.raw(container.port(),
                    ("GET " + TestContainer.CONTEXT_PATH + "/open/%2e%2e/api/polls/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(ISO_8859_1));
            assertTrue(encoded.status() == 401 || encoded.status() == 400, "401, or the container refuses the ambiguous URI: " + encoded);
        }
    }

    @Nested
    @DisplayName("Header bytes the containers may refuse first")
    class HeaderBytes {

        @ParameterizedTest
        @ValueSource(ints = {0x00, 0x01, 0x7f})
        @DisplayName("NUL and control bytes: refused by the container with 400, or answered by the filter as DRF would")
        void doFilterWhenControlByteInHeaderThenContainerOrDrfAnswer(int controlByte) {
            byte[] header = {'T', 'o', 'k', 'e', 'n', ' ', 'a', (byte) controlByte, 'b'};
            Http.Response response = rawAuthorization("/api/polls/", header);
            expectControlByteAnswer(controlByte, response);
        }
    }

    /** The status this container answers a header block over its limit (8 KB by default) with. */
    abstract int headerTooLargeStatus();

    /**
     * What this container does with a control byte inside a header value: the default expects the
     * filter's answer if the container lets it through.
     */
    void expectControlByteAnswer(int controlByte, Http.Response response) {
        if (response.status() == 400) {
            assertFalse(response.text().contains("detail"), "the container's own 400, before the filter: " + response);
            return;
        }
        // 0x7f (DEL) is not whitespace in Python's bytes.split(): one word, an unknown key.
        assertChallenge(response, INVALID_TOKEN, "Token");
    }

    @Nested
    @DisplayName("Obtain token (docs/WIRE-CONTRACT.md, second table)")
    class ObtainTokenRows {

        @Test
        void postWhenValidJsonCredentialsThen200TokenNoStoreAndSameKeyEveryTime() {
            String name = WireApp.uniqueName("obtain");
            String id = app.newUser(name);
            Http.Response first = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD));
            assertEquals(200, first.status(), first.toString());
            assertTrue(TOKEN_BODY.matcher(first.text()).matches(), first.text());
            assertEquals("application/json", first.header("Content-Type").orElseThrow());
            assertEquals("no-store", first.header("Cache-Control").orElseThrow());
            assertEquals("POST, OPTIONS", first.header("Allow").orElseThrow());
            Http.Response second = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD));
            assertEquals(first.text(), second.text(), "get-or-create: the same key");
            assertEquals(first.json().get("token").asText(), app.store.findAllOf(id).stream().findFirst().map(Token::lookup).orElseThrow());
        }

        @Test
        void postWhenFormUrlencodedThen200() {
            String name = WireApp.uniqueName("form é");
            app.newUser(name);
            String body = "username=" + java.net.URLEncoder.encode(name, UTF_8) + "&password="
                    + java.net.URLEncoder.encode(WireApp.PASSWORD, UTF_8);
            Http.Response response = http.post(uri(WireApp.OBTAIN), "application/x-www-form-urlencoded", body);
            assertEquals(200, response.status(), response.toString());
            assertTrue(TOKEN_BODY.matcher(response.text()).matches());
        }

        @Test
        void postWhenMultipartThen200() {
            String name = WireApp.uniqueName("multipart");
            app.newUser(name);
            Http.Response response = http.send(multipart(
                    part("username", null, name), part("password", null, WireApp.PASSWORD)));
            assertEquals(200, response.status(), response.toString());
            assertTrue(TOKEN_BODY.matcher(response.text()).matches());
        }

        @Test
        @DisplayName("a file uploaded as username is not a string (DRF: request.data holds the file)")
        void postWhenMultipartFileAsUsernameThen400NotAString() {
            Http.Response response = http.send(multipart(
                    part("username", "name.txt", "alice"), part("password", null, WireApp.PASSWORD)));
            assertDrf(response, 400, "{\"username\":[\"Not a valid string.\"]}");
        }

        @Test
        void postWhenMultipartMalformedThen400ParseError() {
            assertDrf(http.post(uri(WireApp.OBTAIN), "multipart/form-data; boundary=xyz",
                    "--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nabc"), 400,
                    "{\"detail\":\"Multipart form parse error - Invalid multipart body.\"}");
            assertDrf(http.post(uri(WireApp.OBTAIN), "multipart/form-data", "--xyz--\r\n"), 400,
                    "{\"detail\":\"Multipart form parse error - Invalid boundary in multipart: None\"}");
        }

        @Test
        void postWhenMultipartChunkedOverLimitThen413() {
            HttpRequest.Builder big = multipart(part("username", null, "u".repeat(70_000)), part("password", null, "x"));
            byte[] body = bodyOf(big);
            Http.Response response = http.send(big.POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body))));
            assertDrf(response, 413, "{\"detail\":\"Request body too large: at most 65536 bytes are accepted.\"}");
        }

        @Test
        void postWhenUsernameHasSurroundingWhitespaceThenTrimmed() {
            String name = WireApp.uniqueName("trim");
            app.newUser(name);
            Http.Response response = http.postJson(uri(WireApp.OBTAIN),
                    credentials(" \\t\\u00a0" + name + "\\u3000 ", WireApp.PASSWORD));
            assertEquals(200, response.status(), response.toString());
        }

        @Test
        void postWhenPasswordHasSurroundingWhitespaceThenNotTrimmed() {
            String name = WireApp.uniqueName("notrim");
            app.newUser(name);
            assertDrf(http.postJson(uri(WireApp.OBTAIN), credentials(name, " " + WireApp.PASSWORD)), 400, BAD_CREDENTIALS);
            assertDrf(http.postJson(uri(WireApp.OBTAIN), credentials(name, "   ")), 400, BAD_CREDENTIALS);
        }

        @Test
        @DisplayName("wrong password, unknown user and inactive user: one body, and the same work (one hash verification)")
        void postWhenBadCredentialsThen400SameBodyAndSameWork() {
            String name = WireApp.uniqueName("bad");
            app.newUser(name);
            String inactive = WireApp.uniqueName("inactive");
            String inactiveId = app.newUser(inactive);
            app.users.setActive(inactiveId, false);
            for (String[] attempt : new String[][] {
                {name, "wrong password"}, {WireApp.uniqueName("nobody"), "wrong password"}, {inactive, WireApp.PASSWORD}}) {
                clearInvocations(app.hasher);
                assertDrf(http.postJson(uri(WireApp.OBTAIN), credentials(attempt[0], attempt[1])), 400, BAD_CREDENTIALS);
                verify(app.hasher, times(1)).verify(eq(attempt[1]), anyString());
            }
            assertTrue(app.store.findAllOf(inactiveId).stream().findFirst().isEmpty(), "no token for the inactive user");
        }

        @Test
        void postWhenFieldsMissingThen400RequiredInOrder() {
            String both = "{\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}";
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{}"), 400, both);
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"password\":\"x\"}"), 400,
                    "{\"username\":[\"This field is required.\"]}");
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":\"x\"}"), 400,
                    "{\"password\":[\"This field is required.\"]}");
            assertDrf(http.post(uri(WireApp.OBTAIN), "application/x-www-form-urlencoded", "username=x"), 400,
                    "{\"password\":[\"This field is required.\"]}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", "text/plain"})
        @DisplayName("an empty body is empty data, whatever its media type")
        void postWhenEmptyBodyThen400BothRequired(String contentType) {
            assertDrf(http.post(uri(WireApp.OBTAIN), contentType, ""), 400,
                    "{\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}");
        }

        @Test
        void postWhenFieldsOnlyInQueryStringThen400BothRequired() {
            String name = WireApp.uniqueName("query");
            app.newUser(name);
            URI withQuery = URI.create(uri(WireApp.OBTAIN) + "?username=" + name + "&password="
                    + java.net.URLEncoder.encode(WireApp.PASSWORD, UTF_8));
            String both = "{\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}";
            assertDrf(http.post(withQuery, "application/x-www-form-urlencoded", ""), 400, both);
            assertDrf(http.post(withQuery, "application/x-www-form-urlencoded", "other=1"), 400, both);
        }

        @Test
        void postWhenFieldsBlankThen400Blank() {
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":\"  \\t\\n\",\"password\":\"x\"}"), 400,
                    "{\"username\":[\"This field may not be blank.\"]}");
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":\"\",\"password\":\"\"}"), 400,
                    "{\"username\":[\"This field may not be blank.\"],\"password\":[\"This field may not be blank.\"]}");
            assertDrf(http.post(uri(WireApp.OBTAIN), "application/x-www-form-urlencoded", "username=+&password="), 400,
                    "{\"username\":[\"This field may not be blank.\"],\"password\":[\"This field may not be blank.\"]}");
        }

        @Test
        void postWhenFieldsNullThen400MayNotBeNull() {
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":null,\"password\":null}"), 400,
                    "{\"username\":[\"This field may not be null.\"],\"password\":[\"This field may not be null.\"]}");
        }

        @Test
        void postWhenFieldsNotStringsThen400NotAValidString() {
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":[\"a\"],\"password\":{\"a\":1}}"), 400,
                    "{\"username\":[\"Not a valid string.\"],\"password\":[\"Not a valid string.\"]}");
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":true,\"password\":\"x\"}"), 400,
                    "{\"username\":[\"Not a valid string.\"]}");
        }

        @Test
        @DisplayName("numbers are coerced to text as Python's str() does")
        void postWhenFieldsAreNumbersThenCoercedToText() {
            app.users.create("42", "1.5", true, app.hasher);
            Http.Response response = http.postJson(uri(WireApp.OBTAIN), "{\"username\":42,\"password\":1.50}");
            assertEquals(200, response.status(), response.toString());
            assertEquals(response.text(), http.postJson(uri(WireApp.OBTAIN), "{\"username\":42,\"password\":15e-1}").text(),
                    "15e-1 is the float 1.5 too");
        }

        @Test
        void postWhenNulCharacterThen400NullCharacters() {
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":\"a\\u0000b\",\"password\":\"x\\u0000\"}"), 400,
                    "{\"username\":[\"Null characters are not allowed.\"],\"password\":[\"Null characters are not allowed.\"]}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]:list", "[1,2]:list", "\"x\":str", "1:int", "-0:int", "1.5:float", "1e3:float",
            "true:bool", "false:bool"})
        void postWhenJsonIsNotAnObjectThen400ExpectedDictionary(String jsonAndType) {
            int colon = jsonAndType.lastIndexOf(':');
            assertDrf(http.postJson(uri(WireApp.OBTAIN), jsonAndType.substring(0, colon)), 400,
                    "{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got "
                            + jsonAndType.substring(colon + 1) + ".\"]}");
        }

        @Test
        void postWhenJsonIsNullThen400NoDataProvided() {
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "null"), 400, "{\"non_field_errors\":[\"No data provided\"]}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{", "{\"username\":", "{'username':'a'}", "{\"a\":1} x", "{\"a\":1}{}", "   ", "nul",
            "{\"a\":\"\u0001\"}"})
        void postWhenMalformedJsonThen400ParseError(String body) {
            // The reason after the prefix is ours; see the README.
            Http.Response response = http.postJson(uri(WireApp.OBTAIN), body);
            assertEquals(400, response.status(), response.toString());
            assertEquals("application/json", response.header("Content-Type").orElseThrow());
            String detail = response.json().get("detail").asText();
            assertTrue(detail.startsWith("JSON parse error - "), detail);
            assertTrue(response.json().size() == 1, response.text());
        }

        @Test
        void postWhenMalformedJsonThenReasonGivesWhereInPythonsFormat() {
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"username\":"), 400,
                    "{\"detail\":\"JSON parse error - Unexpected end of data: line 1 column 13 (char 12)\"}");
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "   "), 400,
                    "{\"detail\":\"JSON parse error - Expecting value: line 1 column 4 (char 3)\"}");
            assertDrf(http.postJson(uri(WireApp.OBTAIN), "{\"a\":1}\n{}"), 400,
                    "{\"detail\":\"JSON parse error - Extra data: line 2 column 1 (char 8)\"}");
        }

        @Test
        @DisplayName("a large malformed body is not echoed back")
        void postWhenLargeMalformedJsonThenNotEchoed() {
            String secret = "p" + "4".repeat(20_000);
            Http.Response response = http.postJson(uri(WireApp.OBTAIN), "{\"password\":\"" + secret + "\" oops}");
            assertEquals(400, response.status());
            assertTrue(response.body().length < 200, response.text());
            assertFalse(response.text().contains("p444"), response.text());
        }

        @Test
        void postWhenInvalidUtf8JsonThen400ParseError() {
            Http.Response response = http.send(HttpRequest.newBuilder(uri(WireApp.OBTAIN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'})));
            assertDrf(response, 400, "{\"detail\":\"JSON parse error - 'utf-8' codec can't decode byte 0xff in position 2\"}");
        }

        @Test
        void postWhenUnsupportedMediaTypeThen415() {
            assertDrf(http.post(uri(WireApp.OBTAIN), "text/plain", "username=a&password=b"), 415,
                    "{\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}");
            assertDrf(http.post(uri(WireApp.OBTAIN), "application/xml; charset=utf-8", "<a/>"), 415,
                    "{\"detail\":\"Unsupported media type \\\"application/xml; charset=utf-8\\\" in request.\"}");
        }

        @Test
        void postWhenNoContentTypeWithBodyThen415() {
            assertDrf(http.post(uri(WireApp.OBTAIN), null, credentials("a", "b")), 415,
                    "{\"detail\":\"Unsupported media type \\\"\\\" in request.\"}");
        }

        @Test
        void postWhenContentTypeCaseOrParametersDifferThenParsed() {
            String name = WireApp.uniqueName("ct");
            app.newUser(name);
            assertEquals(200, http.post(uri(WireApp.OBTAIN), "Application/JSON; charset=UTF-8",
                    credentials(name, WireApp.PASSWORD)).status());
        }

        @ParameterizedTest
        @ValueSource(strings = {"GET", "PUT", "PATCH", "DELETE"})
        void serviceWhenMethodIsNotPostThen405WithAllow(String method) {
            Http.Response response = http.send(HttpRequest.newBuilder(uri(WireApp.OBTAIN))
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertDrf(response, 405, "{\"detail\":\"Method \\\"" + method + "\\\" not allowed.\"}");
            assertEquals("POST, OPTIONS", response.header("Allow").orElseThrow());
        }

        @Test
        void serviceWhenOptionsThen200Metadata() {
            Http.Response response = http.send(HttpRequest.newBuilder(uri(WireApp.OBTAIN))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertDrf(response, 200, "{\"name\":\"Obtain Auth Token\",\"description\":\"\","
                    + "\"renders\":[\"application/json\"],"
                    + "\"parses\":[\"application/x-www-form-urlencoded\",\"multipart/form-data\",\"application/json\"],"
                    + "\"actions\":{\"POST\":{"
                    + "\"username\":{\"type\":\"string\",\"required\":true,\"read_only\":false,\"label\":\"Username\"},"
                    + "\"password\":{\"type\":\"string\",\"required\":true,\"read_only\":false,\"label\":\"Password\"},"
                    + "\"token\":{\"type\":\"string\",\"required\":false,\"read_only\":true,\"label\":\"Token\"}}}}");
            assertEquals("POST, OPTIONS", response.header("Allow").orElseThrow());
        }

        @Test
        void serviceWhenAcceptExcludesJsonThen406() {
            assertDrf(http.post(uri(WireApp.OBTAIN), "application/json", "{}", "Accept", "text/html"), 406,
                    "{\"detail\":\"Could not satisfy the request Accept header.\"}");
            assertEquals(400, http.post(uri(WireApp.OBTAIN), "application/json", "{}", "Accept",
                    "text/html, application/*;q=0.1").status());
        }

        @Test
        void postWhenBodyOverLimitThen413() {
            String big = "{\"username\":\"" + "u".repeat(70_000) + "\",\"password\":\"x\"}";
            // Many rounds: the client is still sending when the 413 is written. Before the servlet
            // read the rest of the body, Jetty closed on it and JDK 25's HttpClient got no answer
            // within 300 rounds ("header parser received no bytes").
            for (int i = 0; i < 300; i++) {
                assertEquals(413, http.postJson(uri(WireApp.OBTAIN), big).status(), "round " + i);
            }
            Http.Response declared = http.postJson(uri(WireApp.OBTAIN), big);
            assertDrf(declared, 413, "{\"detail\":\"Request body too large: at most 65536 bytes are accepted.\"}");
            Http.Response chunked = http.send(HttpRequest.newBuilder(uri(WireApp.OBTAIN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(UTF_8)))));
            assertDrf(chunked, 413, "{\"detail\":\"Request body too large: at most 65536 bytes are accepted.\"}");
        }

        @Test
        @DisplayName("a body over the limit still sent in pieces gets the 413, not a reset connection")
        void postWhenOversizedBodyArrivesInPiecesThen413() {
            byte[] body = ("{\"username\":\"" + "u".repeat(300_000) + "\",\"password\":\"x\"}").getBytes(UTF_8);
            byte[] head = ("POST " + TestContainer.CONTEXT_PATH + WireApp.OBTAIN + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(UTF_8);

            Http.Response response = Http.rawInPieces(container.port(), head, body, 16 * 1024);

            assertDrf(response, 413, "{\"detail\":\"Request body too large: at most 65536 bytes are accepted.\"}");
        }

        @Test
        @DisplayName("32 concurrent obtain calls for one new user: one key")
        void postWhenConcurrentForNewUserThenOneKey() throws Exception {
            String name = WireApp.uniqueName("concurrent");
            String id = app.newUser(name);
            int calls = 32;
            ExecutorService pool = Executors.newFixedThreadPool(calls);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<String>> tasks = new java.util.ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    tasks.add(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        Http.Response response = http.postJson(uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD));
                        assertEquals(200, response.status(), response.toString());
                        return response.json().get("token").asText();
                    });
                }
                List<Future<String>> futures = new java.util.ArrayList<>();
                for (Callable<String> task : tasks) {
                    futures.add(pool.submit(task));
                }
                start.countDown();
                Set<String> keys = new HashSet<>();
                for (Future<String> future : futures) {
                    keys.add(future.get(60, TimeUnit.SECONDS));
                }
                assertEquals(1, keys.size(), keys.toString());
                assertEquals(keys.iterator().next(), app.store.findAllOf(id).stream().findFirst().map(Token::lookup).orElseThrow());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("Configurations of their own")
    class OwnContainers {

        @Test
        @DisplayName("a custom keyword (Bearer) is parsed case-insensitively and named in every 401")
        void doFilterWhenCustomKeywordThenItIsTheScheme() throws Exception {
            try (TestContainer bearer = start(app.initializer(b -> b.keyword("Bearer")))) {
                String key = keyOfNewUser("bearer");
                Http.Response ok = http.get(bearer.uri("/api/polls/"), "Authorization", "bearer " + key);
                assertEquals(200, ok.status(), ok.toString());
                assertEquals("Bearer", ok.json().get("authType").asText());
                assertChallenge(http.get(bearer.uri("/api/polls/"), "Authorization", "Bearer"), NO_CREDENTIALS, "Bearer");
                assertChallenge(http.get(bearer.uri("/api/polls/"), "Authorization", "Bearer nope"), INVALID_TOKEN, "Bearer");
                Http.Response tokenScheme = http.get(bearer.uri("/api/polls/"), "Authorization", "Token " + key);
                assertEquals(200, tokenScheme.status(), "another scheme passes through");
                assertTrue(tokenScheme.json().get("principal").isNull(), "anonymous: authentication is not required here");
            }
        }

        @Test
        @DisplayName("multipart without a multipart config on the servlet: 415, as DRF answers for a parser it lacks")
        void postWhenMultipartNotEnabledThen415() {
            try (TestContainer noMultipart = start((classes, ctx) -> ctx.addServlet("obtainToken",
                    ObtainTokenServlet.builder(app.tokens, app.verifier).build()).addMapping(WireApp.OBTAIN))) {
                String name = WireApp.uniqueName("nomultipart");
                app.newUser(name);
                HttpRequest.Builder request = multipart(part("username", null, name), part("password", null, WireApp.PASSWORD));
                String contentType = request.build().headers().firstValue("Content-Type").orElseThrow();
                Http.Response response = http.send(request.uri(noMultipart.uri(WireApp.OBTAIN)));
                assertDrf(response, 415, "{\"detail\":\"Unsupported media type \\\"" + contentType + "\\\" in request.\"}");
                assertEquals(200, http.postJson(noMultipart.uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD)).status());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Test
        @DisplayName("the store down: 503 with a JSON body and Retry-After, never 200 or 401, no key in the answer")
        void doFilterAndPostWhenStoreDownThen503() throws Exception {
            WireApp broken = new WireApp();
            String name = WireApp.uniqueName("down");
            broken.newUser(name);
            try (TestContainer down = start(broken.protectedApp())) {
                broken.db.close();
                String key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
                Http.Response filter = http.get(down.uri("/api/polls/"), "Authorization", "Token " + key);
                assertDrf(filter, 503, UNAVAILABLE);
                assertEquals("5", filter.header("Retry-After").orElseThrow());
                assertTrue(filter.headers("WWW-Authenticate").isEmpty());
                Http.Response obtain = http.postJson(down.uri(WireApp.OBTAIN), credentials(name, WireApp.PASSWORD));
                assertDrf(obtain, 503, UNAVAILABLE);
                assertEquals("5", obtain.header("Retry-After").orElseThrow());
                assertChallenge(http.get(down.uri("/api/polls/")), NOT_PROVIDED, "Token");
                assertNotEquals(200, http.get(down.uri("/api/polls/"), "Authorization", "Token " + key).status());
            } finally {
                broken.close();
            }
        }
    }

    // ---- multipart helpers ----

    /** The body a multipart request builder was given. */
    static byte[] bodyOf(HttpRequest.Builder request) {
        java.util.concurrent.Flow.Publisher<java.nio.ByteBuffer> publisher = request.build().bodyPublisher().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(java.nio.ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        try {
            assertTrue(done.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    record MultipartPart(String name, String fileName, String value) {
    }

    static MultipartPart part(String name, String fileName, String value) {
        return new MultipartPart(name, fileName, value);
    }

    HttpRequest.Builder multipart(MultipartPart... parts) {
        String boundary = "----tokenauth" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (MultipartPart part : parts) {
            body.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
            if (part.fileName() != null) {
                body.append("; filename=\"").append(part.fileName()).append("\"\r\nContent-Type: text/plain");
            }
            body.append("\r\n\r\n").append(part.value()).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return HttpRequest.newBuilder(uri(WireApp.OBTAIN))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), UTF_8));
    }
}
