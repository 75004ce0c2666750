package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running server and comes back: requests that need it are told
 * so quickly, with the library's 503 JSON (never a 500 with the driver's exception, never a
 * minute's wait), and service resumes by itself after the restart. A real PostgreSQL of the
 * test's own, stopped and started by the test; real Jetty, real HTTP.
 */
class DatabaseOutageTest {

    private static final String UNAVAILABLE = "{\"detail\":\"Service temporarily unavailable, try again later.\"}";

    /** Far above the pool's connection timeout (3 s), far below the old 30–60 s. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    @DisplayName("while PostgreSQL is down every endpoint answers 503 JSON within 10 s; after its restart they work again")
    void outageAndRecovery() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.start();
                ExampleServer server = TestServers.start(pg.url())) {
            Http http = new Http(server.uri());
            String token = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
            long question = http.get("/polls/api/questions/", token).json().get(0).get("id").asLong();

            pg.stopServer();

            assertUnavailable("list", () -> http.get("/polls/api/questions/", token));
            assertUnavailable("patch", () -> http.json("PATCH", "/polls/api/questions/" + question + "/", token,
                    Map.of("question_text", "Still there?")));
            assertUnavailable("register", () -> http.json("POST", "/accounts/register/", null,
                    Map.of("username", "outage-user", "password", "correct horse battery")));
            assertUnavailable("login", () -> http.json("POST", "/accounts/get_auth_token/", null,
                    Map.of("username", TestServers.ADMIN, "password", TestServers.ADMIN_PASSWORD)));

            pg.startServer();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Http.Response back = http.get("/polls/api/questions/", token);
            while (back.status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(500); // the pool reconnects on its own; poll until it has
                back = http.get("/polls/api/questions/", token);
            }
            assertThat(back.status()).as(back.toString()).isEqualTo(200);
            Http.Response registered = http.json("POST", "/accounts/register/", null,
                    Map.of("username", "after-outage", "password", "correct horse battery"));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        }
    }

    private static void assertUnavailable(String what, Supplier<Http.Response> call) {
        long start = System.nanoTime();
        Http.Response response = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.status()).as(what + ": " + response).isEqualTo(503);
        assertThat(response.body()).as(what).isEqualTo(UNAVAILABLE);
        assertThat(response.header("Retry-After")).as(what).isPresent();
        assertThat(took).as(what + " took " + took).isLessThan(BOUND);
    }
}
