package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example's API over real HTTP, on a real embedded Jetty and a real database: the tutorial's
 * walkthrough, the DRF-shaped polls API, registration with the user-created hook, logout,
 * deactivation. Each database runs the same tests through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PollsApiContract {

    private ExampleServer server;
    Http http;
    String adminToken;

    /** @return the JDBC URL of a fresh, empty database */
    abstract String freshDatabase();

    /** Drops what {@link #freshDatabase} made, if anything. */
    abstract void dropDatabase() throws Exception;

    /** @return whether the example runs in hashed mode ({@code --hashed-tokens}); DRF mode by default */
    boolean hashedTokens() {
        return false;
    }

    /** @return how the example keeps its caches in step with other instances ({@code --invalidation}); no bus by default */
    ExampleSettings.Invalidation invalidation() {
        return ExampleSettings.Invalidation.NONE;
    }

    @BeforeAll
    void start() throws Exception {
        ExampleSettings settings = TestServers.settings(freshDatabase()).withInvalidation(invalidation());
        server = ExampleServer.start(hashedTokens() ? TestServers.hashed(settings) : settings);
        http = new Http(server.uri());
        adminToken = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        dropDatabase();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    JsonNode createQuestion(String text, String... choices) {
        ObjectNode body = Http.JSON.createObjectNode().put("question_text", text);
        for (String choice : choices) {
            body.withArray("choices").addObject().put("choice_text", choice);
        }
        Http.Response response = http.json("POST", "/polls/api/questions/", adminToken, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    /** Registers a user and returns the token the user-created hook gave them. */
    String registerUser(String username, String password) {
        Http.Response response = http.json("POST", "/accounts/register/", null,
                Map.of("username", username, "password", password));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("token").asText();
    }

    @Nested
    @DisplayName("the tutorial's walkthrough")
    class Walkthrough {

        @Test
        @DisplayName("the polls page and the login form load without a token")
        void pagesAreOpen() {
            Http.Response polls = http.get("/polls/", null);
            assertThat(polls.status()).isEqualTo(200);
            assertThat(polls.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(polls.body()).contains("static/polls.js");
            assertThat(http.get("/accounts/auth/", null).body()).contains("id=\"login-form\"");
            assertThat(http.get("/accounts/logout/", null).body()).contains("static/logout.js");
            assertThat(http.get("/static/api.js", null).body()).contains("Authorization");
            assertThat(http.get("/polls", null).header("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/polls/"));
        }

        @Test
        @DisplayName("the API without a header answers DRF's 401")
        void apiWithoutHeaderIs401() {
            Http.Response response = http.get("/polls/api/questions/", null);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");
            assertThat(response.header("WWW-Authenticate")).contains("Token");
            assertThat(response.header("Content-Type")).contains("application/json");
        }

        @Test
        @DisplayName("with Authorization: Token <key> the API answers the data")
        void apiWithTokenAnswersData() {
            Http.Response response = http.get("/polls/api/questions/", adminToken);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).contains("application/json");
            JsonNode questions = response.json();
            assertThat(questions.isArray()).isTrue();
            assertThat(questions.size()).isGreaterThanOrEqualTo(3);
            JsonNode first = questions.get(0);
            assertThat(fieldNames(first)).containsExactly("id", "question_text", "pub_date", "choices");
            assertThat(Instant.parse(first.get("pub_date").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(first.get("choices").size()).isGreaterThanOrEqualTo(2);
            assertThat(fieldNames(first.get("choices").get(0))).containsExactly("id", "choice_text", "votes");
        }

        @Test
        @DisplayName("an unknown token is refused with DRF's 401, on open paths too")
        void unknownTokenIsRefused() {
            Http.Response api = http.get("/polls/api/questions/", "0123456789abcdef0123456789abcdef01234567");
            assertThat(api.status()).isEqualTo(401);
            assertThat(api.body()).isEqualTo("{\"detail\":\"Invalid token.\"}");
            Http.Response register = http.json("POST", "/accounts/register/", "nope", Map.of());
            assertThat(register.status()).isEqualTo(401);
        }

        @Test
        @DisplayName("obtain-token: DRF mode the same token every time, hashed mode one per login; bad credentials are DRF's 400")
        void obtainToken() {
            String again = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
            if (hashedTokens()) {
                assertThat(again).matches("tka_[0-9A-Za-z]{36}").isNotEqualTo(adminToken);
                assertThat(http.get("/polls/api/questions/", again).status()).isEqualTo(200);
                assertThat(http.get("/polls/api/questions/", adminToken).status()).as("the first login's token still works").isEqualTo(200);
                String typo = again.substring(0, 10) + (again.charAt(10) == 'x' ? 'y' : 'x') + again.substring(11);
                Http.Response refused = http.get("/polls/api/questions/", typo);
                assertThat(refused.body()).as("%s then %s: %s", org.tokenauth.core.Token.fingerprintOf(again),
                                org.tokenauth.core.Token.fingerprintOf(typo), refused.raw().headers().map())
                        .isEqualTo("{\"detail\":\"Invalid token.\"}");
            } else {
                assertThat(again).isEqualTo(adminToken).matches("[0-9a-f]{40}");
            }
            Http.Response wrong = http.post("/accounts/get_auth_token/", null, "application/x-www-form-urlencoded",
                    "username=admin&password=wrong");
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.body()).isEqualTo("{\"non_field_errors\":[\"Unable to log in with provided credentials.\"]}");
        }
    }

    @Nested
    @DisplayName("questions")
    class Questions {

        @Test
        @DisplayName("create, read, replace, patch and delete a question")
        void crud() {
            JsonNode created = createQuestion("Tea or coffee?", "Tea", "Coffee");
            long id = created.get("id").asLong();
            assertThat(created.get("question_text").asText()).isEqualTo("Tea or coffee?");
            assertThat(created.get("choices")).extracting(c -> c.get("votes").asInt()).containsExactly(0, 0);

            Http.Response read = http.get("/polls/api/questions/" + id + "/", adminToken);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json()).isEqualTo(created);
            assertThat(http.get("/polls/api/questions/", adminToken).json())
                    .anySatisfy(q -> assertThat(q.get("id").asLong()).isEqualTo(id));

            Http.Response put = http.json("PUT", "/polls/api/questions/" + id + "/", adminToken,
                    Map.of("question_text", "Tea, coffee or water?", "pub_date", "2024-05-01T10:00:00+02:00"));
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            assertThat(put.json().get("question_text").asText()).isEqualTo("Tea, coffee or water?");
            assertThat(put.json().get("pub_date").asText()).isEqualTo("2024-05-01T08:00:00Z");
            assertThat(put.json().get("choices")).isEqualTo(created.get("choices"));

            Http.Response patch = http.json("PATCH", "/polls/api/questions/" + id + "/", adminToken,
                    Map.of("question_text", "Tea?"));
            assertThat(patch.status()).isEqualTo(200);
            assertThat(patch.json().get("question_text").asText()).isEqualTo("Tea?");
            assertThat(patch.json().get("pub_date").asText()).isEqualTo("2024-05-01T08:00:00Z");

            Http.Response delete = http.delete("/polls/api/questions/" + id + "/", adminToken);
            assertThat(delete.status()).isEqualTo(204);
            assertThat(delete.body()).isEmpty();
            Http.Response gone = http.get("/polls/api/questions/" + id + "/", adminToken);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.body()).isEqualTo("{\"detail\":\"Not found.\"}");
        }

        @Test
        @DisplayName("create answers 201 with a Location, and keeps a given pub_date to the microsecond")
        void createWithPubDate() {
            Http.Response response = http.json("POST", "/polls/api/questions/", adminToken,
                    Map.of("question_text", "When?", "pub_date", "2025-01-02 03:04:05.123456789Z"));
            assertThat(response.status()).isEqualTo(201);
            long id = response.json().get("id").asLong();
            assertThat(response.header("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/polls/api/questions/" + id + "/"));
            assertThat(response.json().get("pub_date").asText()).isEqualTo("2025-01-02T03:04:05.123456Z");
            assertThat(response.json().get("choices").size()).isZero();
        }

        @Test
        @DisplayName("form-encoded bodies work as in DRF")
        void formBody() {
            Http.Response response = http.post("/polls/api/questions/", adminToken,
                    "application/x-www-form-urlencoded", "question_text=From+a+form%3F");
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().get("question_text").asText()).isEqualTo("From a form?");
        }

        @Test
        @DisplayName("a malformed multipart body, sent byte for byte, is DRF's 400, never a 500")
        void malformedMultipartIs400() {
            List<String> bodies = List.of(
                    // The part never ends: no closing boundary.
                    "--xyz\r\nContent-Disposition: form-data; name=\"question_text\"\r\n\r\nabc",
                    // A part without its blank line and headers that never end.
                    "--xyz\r\nContent-Disposition: form-data; name=\"question_text\"",
                    // No boundary line at all.
                    "question_text=not multipart");
            for (String body : bodies) {
                Http.RawResponse response = http.rawPost("/polls/api/questions/", adminToken,
                        "multipart/form-data; boundary=xyz", body.getBytes(StandardCharsets.UTF_8));
                assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
                assertThat(response.body()).as(body)
                        .isEqualTo("{\"detail\":\"Multipart form parse error - Invalid multipart body.\"}");
            }
        }

        @Test
        @DisplayName("unknown and malformed ids are DRF's 404")
        void notFound() {
            for (String id : List.of("999999", "abc", "1.5", "99999999999999999999999")) {
                Http.Response response = http.get("/polls/api/questions/" + id + "/", adminToken);
                assertThat(response.status()).as(id).isEqualTo(404);
                assertThat(response.body()).isEqualTo("{\"detail\":\"Not found.\"}");
            }
            assertThat(http.json("PUT", "/polls/api/questions/999999/", adminToken, Map.of("question_text", "x")).status())
                    .isEqualTo(404);
            assertThat(http.delete("/polls/api/questions/999999/", adminToken).status()).isEqualTo(404);
            assertThat(http.get("/polls/api/nothing/", adminToken).status()).isEqualTo(404);
        }

        @Test
        @DisplayName("validation errors are DRF's {\"field\": [\"message\"]}")
        void validation() {
            assertError(Map.of(), "{\"question_text\":[\"This field is required.\"]}");
            assertError(Map.of("question_text", "   "), "{\"question_text\":[\"This field may not be blank.\"]}");
            assertError(Map.of("question_text", "x".repeat(201)),
                    "{\"question_text\":[\"Ensure this field has no more than 200 characters.\"]}");
            assertError(Map.of("question_text", List.of("a")), "{\"question_text\":[\"Not a valid string.\"]}");
            assertError(Map.of("question_text", "ok", "pub_date", "yesterday"),
                    "{\"pub_date\":[\"Datetime has wrong format. Use one of these formats instead: "
                            + "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].\"]}");
            assertError(Map.of("question_text", "ok", "choices", "Tea"),
                    "{\"choices\":[\"Expected a list of items but got type \\\"str\\\".\"]}");
            assertError(Map.of("question_text", "ok", "choices", List.of(Map.of("choice_text", "Tea"), Map.of("choice_text", ""), "x")),
                    "{\"choices\":[{},{\"choice_text\":[\"This field may not be blank.\"]},"
                            + "{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got str.\"]}]}");
            assertError("[1, 2]", "{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got list.\"]}");
            Http.Response malformed = http.json("POST", "/polls/api/questions/", adminToken, "{\"question_text\": ");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().get("detail").asText()).startsWith("JSON parse error - ");
            Http.Response text = http.post("/polls/api/questions/", adminToken, "text/plain", "hello");
            assertThat(text.status()).isEqualTo(415);
            assertThat(text.body()).isEqualTo("{\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}");
            Http.Response patch = http.json("PATCH", "/polls/api/questions/" + createQuestion("Valid?").get("id").asLong() + "/",
                    adminToken, Map.of("question_text", ""));
            assertThat(patch.status()).isEqualTo(400);
            assertThat(patch.body()).isEqualTo("{\"question_text\":[\"This field may not be blank.\"]}");
        }

        private void assertError(Object body, String expected) {
            Http.Response response = http.json("POST", "/polls/api/questions/", adminToken, body);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.body()).isEqualTo(expected);
        }

        @Test
        @DisplayName("wrong methods are DRF's 405 with Allow; a missing slash redirects")
        void methodsAndSlashes() {
            Http.Response delete = http.delete("/polls/api/questions/", adminToken);
            assertThat(delete.status()).isEqualTo(405);
            assertThat(delete.body()).isEqualTo("{\"detail\":\"Method \\\"DELETE\\\" not allowed.\"}");
            assertThat(delete.header("Allow")).contains("GET, POST, HEAD, OPTIONS");
            Http.Response getVote = http.get("/polls/api/questions/1/vote/", adminToken);
            assertThat(getVote.status()).isEqualTo(405);
            assertThat(getVote.header("Allow")).contains("POST, OPTIONS");
            Http.Response noSlash = http.get("/polls/api/questions", adminToken);
            assertThat(noSlash.status()).isEqualTo(301);
            assertThat(noSlash.header("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/polls/api/questions/"));
            Http.Response root = http.get("/polls/api/", adminToken);
            assertThat(root.json().get("questions").asText()).isEqualTo(http.uri("/polls/api/questions/").toString());
        }
    }

    @Nested
    @DisplayName("votes")
    class Votes {

        @Test
        @DisplayName("a vote is counted and the question comes back with its new counts")
        void voteIsCounted() {
            JsonNode question = createQuestion("Cats or dogs?", "Cats", "Dogs");
            long id = question.get("id").asLong();
            long dogs = question.get("choices").get(1).get("id").asLong();
            Http.Response response = http.json("POST", "/polls/api/questions/" + id + "/vote/", adminToken, Map.of("choice", dogs));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("choices")).extracting(c -> c.get("votes").asInt()).containsExactly(0, 1);
            // One vote per user per question: the same vote again changes nothing.
            Http.Response again = http.json("POST", "/polls/api/questions/" + id + "/vote/", adminToken,
                    Map.of("choice", Long.toString(dogs)));
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.json().get("choices")).extracting(c -> c.get("votes").asInt()).containsExactly(0, 1);
        }

        @Test
        @DisplayName("a bad vote is a DRF validation error or 404, and counts nothing")
        void badVotes() {
            JsonNode question = createQuestion("Up or down?", "Up", "Down");
            long id = question.get("id").asLong();
            long otherChoice = createQuestion("Left or right?", "Left").get("choices").get(0).get("id").asLong();
            String path = "/polls/api/questions/" + id + "/vote/";
            assertVoteError(path, Map.of(), "{\"choice\":[\"This field is required.\"]}");
            assertVoteError(path, Map.of("choice", "abc"), "{\"choice\":[\"Incorrect type. Expected pk value, received str.\"]}");
            assertVoteError(path, Map.of("choice", 99_999_999), "{\"choice\":[\"Invalid pk \\\"99999999\\\" - object does not exist.\"]}");
            assertVoteError(path, Map.of("choice", otherChoice),
                    "{\"choice\":[\"Invalid pk \\\"" + otherChoice + "\\\" - object does not exist.\"]}");
            Http.Response unknown = http.json("POST", "/polls/api/questions/99999999/vote/", adminToken,
                    Map.of("choice", otherChoice));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(http.get("/polls/api/questions/" + id + "/", adminToken).json().get("choices"))
                    .extracting(c -> c.get("votes").asInt()).containsExactly(0, 0);
        }

        private void assertVoteError(String path, Object body, String expected) {
            Http.Response response = http.json("POST", path, adminToken, body);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.body()).isEqualTo(expected);
        }

        @Test
        @DisplayName("votes cast and moved at the same moment by many users count each user's last vote once")
        void concurrentVotesAreAllCounted() throws Exception {
            JsonNode question = createQuestion("Counted under load?", "Yes", "No");
            long id = question.get("id").asLong();
            long yes = question.get("choices").get(0).get("id").asLong();
            long no = question.get("choices").get(1).get("id").asLong();
            int threads = 16;
            int votesPerThread = 25; // odd: each voter alternates and ends on the choice it started with
            List<String> tokens = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tokens.add(registerUser(unique("voter"), "correct horse battery"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<Integer>> voters = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long last = t % 4 == 0 ? no : yes;
                    long other = last == yes ? no : yes;
                    String token = tokens.get(t);
                    voters.add(() -> {
                        int ok = 0;
                        for (int v = 0; v < votesPerThread; v++) {
                            Http.Response r = http.json("POST", "/polls/api/questions/" + id + "/vote/", token,
                                    Map.of("choice", v % 2 == 0 ? last : other));
                            if (r.status() == 200) {
                                ok++;
                            }
                        }
                        return ok;
                    });
                }
                int answered = 0;
                for (Future<Integer> f : pool.invokeAll(voters, 2, TimeUnit.MINUTES)) {
                    answered += f.get();
                }
                assertThat(answered).isEqualTo(threads * votesPerThread);
            } finally {
                pool.shutdownNow();
            }
            JsonNode choices = http.get("/polls/api/questions/" + id + "/", adminToken).json().get("choices");
            assertThat(choices.get(0).get("votes").asInt()).isEqualTo(12);
            assertThat(choices.get(1).get("votes").asInt()).isEqualTo(4);
        }
    }

    @Nested
    @DisplayName("text the database cannot store")
    class UnstorableText {

        private static final String NUL = "{\"question_text\":[\"Null characters are not allowed.\"]}";

        @Test
        @DisplayName("NUL in a question's or a choice's text is DRF's 400 field error, not a 500 from the database")
        void nulCharacters() {
            Http.Response question = http.json("POST", "/polls/api/questions/", adminToken, "{\"question_text\":\"a\\u0000b?\"}");
            assertThat(question.status()).as(question.toString()).isEqualTo(400);
            assertThat(question.body()).isEqualTo(NUL);
            Http.Response choice = http.json("POST", "/polls/api/questions/", adminToken,
                    "{\"question_text\":\"Fine?\",\"choices\":[{\"choice_text\":\"ok\"},{\"choice_text\":\"x\\u0000\"}]}");
            assertThat(choice.status()).as(choice.toString()).isEqualTo(400);
            assertThat(choice.body()).isEqualTo("{\"choices\":[{},{\"choice_text\":[\"Null characters are not allowed.\"]}]}");
            String path = "/polls/api/questions/" + createQuestion("Patched with NUL?", "A", "B").get("id").asLong() + "/";
            Http.Response patch = http.json("PATCH", path, adminToken, "{\"question_text\":\"\\u0000\"}");
            assertThat(patch.status()).as(patch.toString()).isEqualTo(400);
            assertThat(patch.body()).isEqualTo(NUL);
        }

        @Test
        @DisplayName("a lone surrogate in a registration password or a question is DRF's 400 field error, not a 500")
        void loneSurrogates() {
            Http.Response register = http.json("POST", "/accounts/register/", null,
                    "{\"username\":\"" + unique("sam") + "\",\"password\":\"correct horse \\ud800 battery\"}");
            assertThat(register.status()).as(register.toString()).isEqualTo(400);
            assertThat(register.body()).isEqualTo("{\"password\":[\"Surrogate characters are not allowed: U+D800.\"]}");
            Http.Response question = http.json("POST", "/polls/api/questions/", adminToken, "{\"question_text\":\"\\udfff?\"}");
            assertThat(question.status()).as(question.toString()).isEqualTo(400);
            assertThat(question.body()).isEqualTo("{\"question_text\":[\"Surrogate characters are not allowed: U+DFFF.\"]}");
        }
    }

    @Nested
    @DisplayName("object permissions")
    class Permissions {

        private static final String FORBIDDEN = "{\"detail\":\"You do not have permission to perform this action.\"}";

        @Test
        @DisplayName("only a question's owner or staff may replace, patch or delete it; 404 before 403")
        void onlyOwnerOrStaffChangeAQuestion() {
            String bob = registerUser(unique("bob"), "correct horse battery");
            String carol = registerUser(unique("carol"), "correct horse battery");
            ObjectNode body = Http.JSON.createObjectNode().put("question_text", "Bob's question?");
            body.withArray("choices").addObject().put("choice_text", "Yes");
            Http.Response created = http.json("POST", "/polls/api/questions/", bob, body);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode question = created.json();
            assertThat(fieldNames(question)).containsExactly("id", "question_text", "pub_date", "choices");
            String path = "/polls/api/questions/" + question.get("id").asLong() + "/";

            for (Http.Response refused : List.of(
                    http.json("PATCH", path, carol, Map.of("question_text", "Carol's now?")),
                    http.json("PUT", path, carol, Map.of("question_text", "Carol's now?")),
                    http.delete(path, carol))) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
                assertThat(refused.body()).isEqualTo(FORBIDDEN);
            }
            assertThat(http.get(path, carol).json()).isEqualTo(question);
            assertThat(http.json("PATCH", "/polls/api/questions/99999999/", carol, Map.of("question_text", "x")).status())
                    .isEqualTo(404);

            Http.Response own = http.json("PATCH", path, bob, Map.of("question_text", "Bob's, changed?"));
            assertThat(own.status()).as(own.toString()).isEqualTo(200);
            Http.Response staff = http.json("PATCH", path, adminToken, Map.of("question_text", "Moderated?"));
            assertThat(staff.status()).as(staff.toString()).isEqualTo(200);
            assertThat(http.delete(path, bob).status()).isEqualTo(204);
        }

        @Test
        @DisplayName("one vote per user per question: a second vote moves it")
        void oneVotePerUser() {
            String carol = registerUser(unique("carol"), "correct horse battery");
            String dave = registerUser(unique("dave"), "correct horse battery");
            JsonNode question = createQuestion("Left or right?", "Left", "Right");
            String vote = "/polls/api/questions/" + question.get("id").asLong() + "/vote/";
            long left = question.get("choices").get(0).get("id").asLong();
            long right = question.get("choices").get(1).get("id").asLong();

            for (int i = 0; i < 5; i++) {
                assertThat(http.json("POST", vote, carol, Map.of("choice", left)).status()).isEqualTo(200);
            }
            Http.Response moved = http.json("POST", vote, carol, Map.of("choice", right));
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(moved.json().get("choices")).extracting(c -> c.get("votes").asInt()).containsExactly(0, 1);
            Http.Response other = http.json("POST", vote, dave, Map.of("choice", left));
            assertThat(other.json().get("choices")).extracting(c -> c.get("votes").asInt()).containsExactly(1, 1);
        }
    }

    @Nested
    @DisplayName("accounts")
    class Accounts {

        @Test
        @DisplayName("register answers 201 with the new user's token (DRF mode: the hook's), which works at once")
        void registerAnswersTheHooksToken() {
            String username = unique("alice");
            Http.Response response = http.json("POST", "/accounts/register/", null,
                    Map.of("username", username, "password", "correct horse battery"));
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            assertThat(fieldNames(response.json())).containsExactly("username", "token");
            assertThat(response.json().get("username").asText()).isEqualTo(username);
            String token = response.json().get("token").asText();
            assertThat(token).matches(hashedTokens() ? "tka_[0-9A-Za-z]{36}" : "[0-9a-f]{40}");
            assertThat(response.header("Cache-Control")).contains("no-store");
            assertThat(http.get("/polls/api/questions/", token).status()).isEqualTo(200);
            if (!hashedTokens()) {
                // get_auth_token hands out the same token: the one the hook created.
                assertThat(http.login(username, "correct horse battery")).isEqualTo(token);
            }
        }

        @Test
        @DisplayName("register refuses duplicates, weak passwords and bad input with DRF's 400")
        void registerValidation() {
            String taken = unique("bob");
            registerUser(taken, "correct horse battery");
            assertRegisterError(Map.of("username", taken, "password", "another good password"),
                    "{\"username\":[\"A user with that username already exists.\"]}");
            assertRegisterError(Map.of(), "{\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}");
            assertRegisterError(Map.of("username", " ", "password", ""),
                    "{\"username\":[\"This field may not be blank.\"],\"password\":[\"This field may not be blank.\"]}");
            assertRegisterError(Map.of("username", "no spaces", "password", "correct horse battery"),
                    "{\"username\":[\"Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.\"]}");
            assertRegisterError(Map.of("username", unique("carol"), "password", "1234567"),
                    "{\"password\":[\"This password is too short. It must contain at least 8 characters.\","
                            + "\"This password is too common.\",\"This password is entirely numeric.\"]}");
            String dave = unique("dave");
            assertRegisterError(Map.of("username", dave, "password", dave + "1"),
                    "{\"password\":[\"The password is too similar to the username.\"]}");
            assertRegisterError(Map.of("username", unique("erin"), "password", "password"),
                    "{\"password\":[\"This password is too common.\"]}");
        }

        @Test
        @DisplayName("malformed JSON is a 400 that says what went wrong and where, never what was sent")
        void malformedJsonIsNotEchoed() {
            String secret = "hunter2" + UUID.randomUUID().toString().replace("-", "");
            String body = "{\"username\": \"frank\", \"password\": " + secret + "}";
            Http.Response response = http.json("POST", "/accounts/register/", null, body);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("hunter2");
            int at = body.indexOf(secret);
            assertThat(response.body()).as("where, in Python's words: the token's first character").isEqualTo(
                    "{\"detail\":\"JSON parse error - Invalid JSON: line 1 column " + (at + 1)
                            + " (char " + at + ")\"}");

            String quoted = "\"hunter2" + "4".repeat(2_000);
            Http.Response cut = http.json("POST", "/accounts/register/", null, "{\"password\": " + quoted);
            assertThat(cut.status()).isEqualTo(400);
            assertThat(cut.body()).doesNotContain("hunter2").startsWith("{\"detail\":\"JSON parse error - Unexpected end of data: ");

            Http.Response question = http.json("POST", "/polls/api/questions/", adminToken, "{\"question_text\": [hunter2]}");
            assertThat(question.status()).isEqualTo(400);
            assertThat(question.body()).doesNotContain("hunter2")
                    .isEqualTo("{\"detail\":\"JSON parse error - Invalid JSON: line 1 column 20 (char 19)\"}");

            byte[] latin1 = "{\"password\": \"hunter2\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
            Http.RawResponse notUtf8 = http.rawPost("/accounts/register/", null, "application/json", latin1);
            assertThat(notUtf8.status()).isEqualTo(400);
            assertThat(notUtf8.body())
                    .isEqualTo("{\"detail\":\"JSON parse error - 'utf-8' codec can't decode byte 0xe9 in position 21\"}");
        }

        private void assertRegisterError(Object body, String expected) {
            Http.Response response = http.json("POST", "/accounts/register/", null, body);
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.body()).isEqualTo(expected);
        }

        @Test
        @DisplayName("of many registrations of one username at once, exactly one succeeds")
        void concurrentRegistration() throws Exception {
            String username = unique("race");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Integer>> tries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tries.add(() -> http.json("POST", "/accounts/register/", null,
                            Map.of("username", username, "password", "correct horse battery")).status());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(tries, 1, TimeUnit.MINUTES)) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 400);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        @DisplayName("POST /accounts/logout/ revokes the token: every copy of it dies")
        void logoutRevokes() {
            String username = unique("frank");
            String token = registerUser(username, "correct horse battery");
            Http.Response anonymous = http.method("POST", "/accounts/logout/", null);
            assertThat(anonymous.status()).isEqualTo(401);
            Http.Response logout = http.method("POST", "/accounts/logout/", token);
            assertThat(logout.status()).isEqualTo(204);
            Http.Response after = http.get("/polls/api/questions/", token);
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.body()).isEqualTo("{\"detail\":\"Invalid token.\"}");
            String fresh = http.login(username, "correct horse battery");
            assertThat(fresh).isNotEqualTo(token);
            assertThat(http.get("/polls/api/questions/", fresh).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("a deactivated user's token answers \"User inactive or deleted.\" until reactivated")
        void deactivate() {
            String username = unique("grace");
            String token = registerUser(username, "correct horse battery");
            Http.Response deactivated = http.method("POST", "/admin/users/" + username + "/deactivate/", adminToken);
            assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
            assertThat(deactivated.json().get("is_active").asBoolean()).isFalse();

            Http.Response refused = http.get("/polls/api/questions/", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"User inactive or deleted.\"}");
            Http.Response login = http.json("POST", "/accounts/get_auth_token/", null,
                    Map.of("username", username, "password", "correct horse battery"));
            assertThat(login.status()).isEqualTo(400);

            assertThat(http.method("POST", "/admin/users/" + username + "/activate/", adminToken).status()).isEqualTo(200);
            assertThat(http.get("/polls/api/questions/", token).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("with the caches on (the default), a deactivated user's next request is refused at once, though cached")
        void deactivateWhileCached() {
            String username = unique("heidi");
            String token = registerUser(username, "correct horse battery");
            for (int i = 0; i < 3; i++) { // the token and the user are now in the caches
                assertThat(http.get("/polls/api/questions/", token).status()).isEqualTo(200);
            }

            assertThat(http.method("POST", "/admin/users/" + username + "/deactivate/", adminToken).status()).isEqualTo(200);

            Http.Response refused = http.get("/polls/api/questions/", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"User inactive or deleted.\"}");
            assertThat(http.method("POST", "/admin/users/" + username + "/activate/", adminToken).status()).isEqualTo(200);
            assertThat(http.get("/polls/api/questions/", token).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("only staff may deactivate, and not themselves")
        void deactivatePermissions() {
            String username = unique("heidi");
            String token = registerUser(username, "correct horse battery");
            Http.Response forbidden = http.method("POST", "/admin/users/" + TestServers.ADMIN + "/deactivate/", token);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.body()).isEqualTo("{\"detail\":\"You do not have permission to perform this action.\"}");
            assertThat(http.method("POST", "/admin/users/" + username + "/deactivate/", null).status()).isEqualTo(401);
            Http.Response self = http.method("POST", "/admin/users/" + TestServers.ADMIN + "/deactivate/", adminToken);
            assertThat(self.status()).isEqualTo(400);
            assertThat(http.method("POST", "/admin/users/" + unique("nobody") + "/deactivate/", adminToken).status()).isEqualTo(404);
            Http.Response list = http.get("/admin/users/", adminToken);
            assertThat(list.json()).anySatisfy(u -> assertThat(u.get("username").asText()).isEqualTo(username));
            assertThat(list.body()).doesNotContain("pbkdf2");
        }
    }

    @Nested
    @DisplayName("token management (issue 10)")
    class TokenManagement {

        static final String NOT_FOUND = "{\"detail\":\"Not found.\"}";

        /** A new user, logged in through the obtain endpoint (in hashed mode its token has the default scopes). */
        String[] newLogin() {
            String username = unique("tm");
            registerUser(username, "correct horse battery");
            return new String[] {username, http.login(username, "correct horse battery")};
        }

        @Test
        @DisplayName("anonymous requests get DRF's 401 on every endpoint, though /accounts/* is open")
        void anonymousIs401() {
            for (String path : List.of("/accounts/logout/", "/accounts/logoutall/", "/accounts/tokens/", "/accounts/revoke/")) {
                Http.Response response = http.method("POST", path, null);
                assertThat(response.status()).as(path).isEqualTo(401);
                assertThat(response.body()).isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");
                assertThat(response.header("WWW-Authenticate")).contains("Token");
            }
        }

        @Test
        @DisplayName("GET /accounts/tokens/ lists the caller's tokens with the current one marked, never a key")
        void list() {
            String key = newLogin()[1];
            Http.Response list = http.get("/accounts/tokens/", key);
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(list.header("Cache-Control")).contains("no-store");
            assertThat(list.json()).hasSize(hashedTokens() ? 2 : 1); // hashed mode: registration's token and the login's
            JsonNode first = list.json().get(0);
            assertThat(fieldNames(first)).containsExactly("id", "name", "created", "expires", "last_used", "scopes", "current");
            assertThat(list.body()).doesNotContain(key);
            assertThat(first.get("scopes").toString()).isEqualTo(hashedTokens() ? "[\"polls:read\",\"polls:write\"]" : "[]");
            assertThat(list.json()).filteredOn(row -> row.get("current").asBoolean()).hasSize(1);
        }

        @Test
        @DisplayName("POST /accounts/logoutall/ revokes every token of the caller: 204")
        void logoutAll() {
            String[] user = newLogin();
            String other = hashedTokens() ? http.login(user[0], "correct horse battery") : user[1];
            assertThat(http.method("POST", "/accounts/logoutall/", user[1]).status()).isEqualTo(204);
            assertThat(http.get("/polls/api/questions/", user[1]).status()).isEqualTo(401);
            assertThat(http.get("/polls/api/questions/", other).status()).isEqualTo(401);
            assertThat(http.get("/polls/api/questions/", adminToken).status()).isEqualTo(200);
        }

        @Test
        @DisplayName("DELETE /accounts/tokens/{id}/: 204 for the caller's, 404 for an unknown, revoked or another user's id")
        void revokeById() {
            String[] user = newLogin();
            String key = user[1];
            String adminsId = http.get("/accounts/tokens/", adminToken).json().get(0).get("id").asText();
            assertThat(http.delete("/accounts/tokens/" + adminsId + "/", key).body()).isEqualTo(NOT_FOUND);
            assertThat(http.get("/polls/api/questions/", adminToken).status()).isEqualTo(200);
            String own = http.get("/accounts/tokens/", key).json().get(0).get("id").asText();
            assertThat(http.delete("/accounts/tokens/" + own + "/", key).status()).isEqualTo(204);
            String again = http.login(user[0], "correct horse battery");
            Http.Response revoked = http.delete("/accounts/tokens/" + own + "/", again);
            assertThat(revoked.status()).isEqualTo(404);
            assertThat(revoked.body()).isEqualTo(NOT_FOUND);
        }

        @Test
        @DisplayName("POST /accounts/revoke/ token=<key> (RFC 7009): 200, revoking only the caller's key; 400 without one")
        void revokeByKey() {
            String[] user = newLogin();
            Http.Response others = http.post("/accounts/revoke/", user[1], "application/x-www-form-urlencoded", "token=" + adminToken);
            assertThat(others.status()).isEqualTo(200);
            assertThat(http.get("/polls/api/questions/", adminToken).status()).isEqualTo(200);
            assertThat(http.post("/accounts/revoke/", user[1], "application/x-www-form-urlencoded", "token=" + user[1]).status())
                    .isEqualTo(200);
            assertThat(http.get("/polls/api/questions/", user[1]).status()).isEqualTo(401);
            String fresh = http.login(user[0], "correct horse battery");
            Http.Response missing = http.json("POST", "/accounts/revoke/", fresh, Map.of());
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.body()).isEqualTo("{\"token\":[\"This field is required.\"]}");
            assertThat(http.json("POST", "/accounts/revoke/", fresh, Map.of("token", user[1])).status())
                    .as("already revoked: still 200").isEqualTo(200);
        }

        @Test
        @DisplayName("POST /accounts/tokens/ creates a named token (hashed mode: 201 and the key once; DRF mode: 405)")
        void createNamedToken() {
            String key = newLogin()[1];
            Http.Response created = http.json("POST", "/accounts/tokens/", key,
                    Map.of("name", "ci runner", "scopes", List.of("polls:read"), "expires_in", 600));
            if (!hashedTokens()) {
                assertThat(created.status()).isEqualTo(405);
                assertThat(created.body()).isEqualTo("{\"detail\":\"Method \\\"POST\\\" not allowed.\"}");
                assertThat(created.header("Allow")).contains("GET, HEAD, OPTIONS");
                return;
            }
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode body = created.json();
            assertThat(fieldNames(body)).containsExactly("id", "name", "created", "expires", "last_used", "scopes", "current", "token");
            assertThat(body.get("name").asText()).isEqualTo("ci runner");
            assertThat(Instant.parse(body.get("expires").asText())).isEqualTo(Instant.parse(body.get("created").asText()).plusSeconds(600));
            String named = body.get("token").asText();
            assertThat(http.get("/polls/api/questions/", named).status()).isEqualTo(200);
            assertThat(http.get("/accounts/tokens/", key).json()).hasSize(3);

            assertThat(http.json("POST", "/accounts/tokens/", key, Map.of("name", "x", "expires_in", "soon")).body())
                    .isEqualTo("{\"expires_in\":[\"A valid integer is required.\"]}");
            assertThat(http.json("POST", "/accounts/tokens/", key, Map.of("name", "x", "scopes", List.of("admin"))).body())
                    .isEqualTo("{\"scopes\":[\"Unknown scope \\\"admin\\\".\"]}");
            assertThat(http.json("POST", "/accounts/tokens/", named, Map.of("name", "x", "scopes", List.of("polls:write"))).body())
                    .as("a token cannot grant a scope it lacks")
                    .isEqualTo("{\"scopes\":[\"The requesting token does not hold scope \\\"polls:write\\\".\"]}");
            assertThat(http.json("POST", "/accounts/tokens/", key, Map.of("name", "")).body())
                    .isEqualTo("{\"name\":[\"This field may not be blank.\"]}");

            assertThat(http.delete("/accounts/tokens/" + body.get("id").asText() + "/", key).status()).isEqualTo(204);
            assertThat(http.get("/polls/api/questions/", named).status()).isEqualTo(401);
        }
    }

    @Nested
    @DisplayName("the caches' figures (issue 13)")
    class CacheFigures {

        @Test
        @DisplayName("GET /admin/cache/ is for staff only, and 405 for other methods, 404 below it")
        void staffOnly() {
            String token = registerUser(unique("ivan"), "correct horse battery");
            Http.Response forbidden = http.get("/admin/cache/", token);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.body()).isEqualTo("{\"detail\":\"You do not have permission to perform this action.\"}");
            Http.Response anonymous = http.get("/admin/cache/", null);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).contains("Token");
            Http.Response post = http.method("POST", "/admin/cache/", adminToken);
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).contains("GET, HEAD");
            assertThat(post.body()).isEqualTo("{\"detail\":\"Method \\\"POST\\\" not allowed.\"}");
            assertThat(http.get("/admin/cache/other/", adminToken).body()).isEqualTo("{\"detail\":\"Not found.\"}");
        }

        @Test
        @DisplayName("the token cache counts each find a hit or a miss; the bus's figures are there when it is")
        void hitsMissesAndTheBus() throws InterruptedException {
            String username = unique("judy");
            String token = registerUser(username, "correct horse battery");
            if (invalidation().bus() != ExampleSettings.Bus.NONE) {
                // The bus subscribes on a thread of its own, and its first subscription is a gap,
                // which clears the caches: count only after it.
                awaitFigures(f -> f.get("gaps").asLong() >= 1);
            }
            JsonNode before = figures();
            assertThat(fieldNames(before)).containsExactly("token_cache", "invalidation");
            assertThat(fieldNames(before.get("token_cache"))).containsExactly("expire_after_seconds", "hits", "misses", "hit_ratio");
            assertThat(before.get("token_cache").get("expire_after_seconds").asLong()).isEqualTo(30);

            for (int i = 0; i < 3; i++) { // a miss, then hits
                assertThat(http.get("/polls/api/", token).status()).isEqualTo(200);
            }
            JsonNode after = figures().get("token_cache");
            assertThat(after.get("misses").asLong() - before.get("token_cache").get("misses").asLong()).isGreaterThanOrEqualTo(1);
            // the two later finds, and this request's own admin token
            assertThat(after.get("hits").asLong() - before.get("token_cache").get("hits").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(after.get("hit_ratio").asDouble()).isBetween(0.0, 1.0);

            if (invalidation().bus() == ExampleSettings.Bus.NONE) {
                assertThat(before.get("invalidation").isNull()).isTrue();
                return;
            }
            JsonNode bus = awaitFigures(f -> f.get("listening").asBoolean()).get("invalidation");
            assertThat(fieldNames(bus)).containsExactly("bus", "channel", "listening", "published", "failed_attempts",
                    "dropped", "received", "applied", "ignored", "gaps");
            assertThat(bus.get("bus").asText()).isEqualTo(invalidation().bus().optionValue());
            assertThat(bus.get("channel").asText()).isEqualTo(invalidation().channel().orElseThrow());
            assertThat(bus.get("gaps").asLong()).as("the first subscription is a gap").isGreaterThanOrEqualTo(1);
            long published = bus.get("published").asLong();
            long received = bus.get("received").asLong(); // what was published before the first subscription never comes back

            assertThat(http.method("POST", "/accounts/logout/", token).status()).isEqualTo(204);
            awaitFigures(f -> f.get("published").asLong() >= published + 1);
            assertThat(http.method("POST", "/admin/users/" + username + "/deactivate/", adminToken).status())
                    .as("a deactivation is published too").isEqualTo(200);
            JsonNode published2 = awaitFigures(f -> f.get("published").asLong() >= published + 2
                    && f.get("received").asLong() >= received + 2).get("invalidation");
            assertThat(published2.get("failed_attempts").asLong()).isZero();
            assertThat(published2.get("ignored").asLong()).as("nothing foreign on the test's own channel").isZero();
        }

        private JsonNode figures() {
            Http.Response response = http.get("/admin/cache/", adminToken);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.json();
        }

        /** The figures once the bus's satisfy {@code condition}; within 10 s (the bus works on threads of its own). */
        private JsonNode awaitFigures(java.util.function.Predicate<JsonNode> condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                JsonNode figures = figures();
                if (condition.test(figures.get("invalidation"))) {
                    return figures;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within 10 s: " + figures);
                }
                Thread.sleep(20);
            }
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
