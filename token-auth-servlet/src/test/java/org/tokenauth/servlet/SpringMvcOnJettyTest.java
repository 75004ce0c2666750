package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletRegistration;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.tokenauth.core.UserAccount;

/**
 * README's "Spring MVC": a {@code DispatcherServlet} behind the filter on Jetty 12, no Spring Boot. A
 * controller method takes the {@link Principal}; requests the filter refuses never reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Spring MVC 7 behind the filter, on Jetty 12")
class SpringMvcOnJettyTest {

    /** The application's controller; counts its invocations. */
    @RestController
    static class MeController {

        final AtomicInteger calls = new AtomicInteger();

        @GetMapping(path = "/me", produces = "text/plain")
        String me(Principal principal) {
            calls.incrementAndGet();
            return principal.getName() + " " + principal.getClass().getSimpleName();
        }
    }

    /** The Spring configuration: MVC and the one controller. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class WebConfig {

        @Bean
        MeController meController() {
            return new MeController();
        }
    }

    private final Http http = new Http();
    private final AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    private BehindTheFilter server;

    @BeforeAll
    void start() throws Exception {
        spring.register(WebConfig.class);
        server = new BehindTheFilter("spring", (classes, ctx) -> {
            ServletRegistration.Dynamic mvc = ctx.addServlet("spring", new DispatcherServlet(spring));
            mvc.addMapping("/");
            mvc.setLoadOnStartup(1);
        });
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        spring.close();
    }

    private MeController controller() {
        return spring.getBean(MeController.class);
    }

    @Test
    @DisplayName("the controller's Principal argument is the token's user, a UserAccount")
    void getWhenValidTokenThenControllerGetsPrincipal() {
        int before = controller().calls.get();
        Http.Response response = http.get(server.jetty.uri("/me"), "Authorization", "Token " + server.key);
        assertEquals(200, response.status(), response::toString);
        assertEquals(server.username + " " + UserAccount.class.getSimpleName(), response.text());
        assertEquals(before + 1, controller().calls.get());
    }

    @Test
    @DisplayName("a 401 from the filter (no token, a bad token) never reaches the controller")
    void getWhenFilterRefusesThenControllerNotInvoked() {
        int before = controller().calls.get();
        Http.Response anonymous = http.get(server.jetty.uri("/me"));
        assertEquals(401, anonymous.status());
        assertEquals("{\"detail\":\"Authentication credentials were not provided.\"}", anonymous.text());
        Http.Response bad = http.get(server.jetty.uri("/me"), "Authorization", "Token 0123456789abcdef0123456789abcdef01234567");
        assertEquals(401, bad.status());
        assertEquals("{\"detail\":\"Invalid token.\"}", bad.text());
        assertEquals(before, controller().calls.get(), "controller invocations");
    }
}
