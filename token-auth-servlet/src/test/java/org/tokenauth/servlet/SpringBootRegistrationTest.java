package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.servlet.readme.TokenAuthBeans;

/**
 * README's "Spring Boot" beans, compiled against Spring Boot 4 and started the way Boot's embedded
 * server starts them ({@code ServletContextInitializer.onStartup}), on Jetty 12, without booting Boot.
 */
class SpringBootRegistrationTest {

    private final Http http = new Http();

    @Test
    @DisplayName("the FilterRegistrationBean and ServletRegistrationBean register a working filter and obtain-token servlet")
    void onStartupWhenReadmeBeansThenTokenAuthWorks() throws Exception {
        TokenAuthBeans beans = new TokenAuthBeans();
        try (WireApp app = new WireApp();
             TestContainer jetty = JettyContainer.start((classes, ctx) -> {
                 beans.tokenAuthFilter(app.store, app.users).onStartup(ctx);
                 beans.obtainTokenServlet(app.store, app.verifier).onStartup(ctx);
                 ctx.addServlet("app", new EchoServlet()).addMapping("/");
             })) {
            String name = WireApp.uniqueName("boot");
            app.newUser(name);
            assertEquals(401, http.get(jetty.uri("/api/polls/")).status());

            Http.Response login = http.postJson(jetty.uri("/api-token-auth/"),
                    "{\"username\":\"" + name + "\",\"password\":\"" + WireApp.PASSWORD + "\"}");
            assertEquals(200, login.status(), login::toString);
            String key = login.json().get("token").asText();
            Http.Response authenticated = http.get(jetty.uri("/api/polls/"), "Authorization", "Token " + key);
            assertEquals(200, authenticated.status(), authenticated::toString);
            assertTrue(authenticated.text().contains(name), authenticated::text);
        }
    }
}
