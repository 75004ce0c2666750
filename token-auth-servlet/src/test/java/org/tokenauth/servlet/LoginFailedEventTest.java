package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletContainerInitializer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenEvents;
import org.tokenauth.core.TokenService;

/** The obtain-token servlet reports a refused login with its client's address, on Jetty. */
class LoginFailedEventTest {

    final List<String> seen = new CopyOnWriteArrayList<>();
    final Http http = new Http();
    WireApp app;
    TestContainer container;

    @AfterEach
    void stop() {
        if (container != null) {
            container.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @DisplayName("a refused login fires loginFailed with the username and the client address (behind a listed proxy, the forwarded one)")
    void postWhenWrongPasswordThenLoginFailedWithClientAddress() throws Exception {
        app = new WireApp();
        TokenService tokens = TokenService.builder(app.store).events(new TokenEvents() {
            @Override
            public void loginFailed(String username, String sourceAddress) {
                seen.add(username + " " + sourceAddress);
            }

            @Override
            public void issued(Token token) {
                seen.add("issued " + token.userId());
            }
        }).build();
        ServletContainerInitializer init = (classes, ctx) -> ctx.addServlet("obtainToken", ObtainTokenServlet.builder(tokens, app.verifier)
                .addressRate("none").usernameRate("none").verificationBudget("none").trustedProxies("127.0.0.1", "::1").build()).addMapping(WireApp.OBTAIN);
        container = JettyContainer.start(init);
        String id = app.newUser(WireApp.uniqueName("events"));
        String username = app.users.findById(id).orElseThrow().username();

        http.post(container.uri(WireApp.OBTAIN), "application/json", WireContractTest.credentials(username, "wrong"));
        http.post(container.uri(WireApp.OBTAIN), "application/json", WireContractTest.credentials("nobody", "wrong"),
                "X-Forwarded-For", "203.0.113.9");
        http.post(container.uri(WireApp.OBTAIN), "application/json", WireContractTest.credentials(username, WireApp.PASSWORD));

        assertEquals(List.of(username + " 127.0.0.1", "nobody 203.0.113.9", "issued " + id), seen);
    }
}
