package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tokenauth.core.UserAccount;

/**
 * README's "Jakarta REST (Jersey)": Jersey 4 registered as a servlet behind the filter, on Jetty 12.
 * What holds today: the filter's principal is Jersey's, {@code @PermitAll} resources answer, and
 * {@code @RolesAllowed} denies, since the library gives users no roles yet ({@code isUserInRole} is
 * the container's answer, false for every role).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Jersey 4 (Jakarta REST 4) behind the filter, on Jetty 12")
class JerseyOnJettyTest {

    /** The resources, as an application writes them. */
    @Path("/")
    public static final class Resources {

        @GET
        @Path("me")
        @Produces(MediaType.TEXT_PLAIN)
        public String me(@Context SecurityContext security) {
            Principal user = security.getUserPrincipal();
            return user.getName() + " " + user.getClass().getSimpleName() + " " + security.getAuthenticationScheme()
                    + " staff=" + security.isUserInRole("staff");
        }

        @GET
        @Path("staff")
        @RolesAllowed("staff")
        @Produces(MediaType.TEXT_PLAIN)
        public String staff() {
            return "staff only";
        }

        @GET
        @Path("public")
        @PermitAll
        @Produces(MediaType.TEXT_PLAIN)
        public String open(@Context SecurityContext security) {
            return security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        }
    }

    private final Http http = new Http();
    private BehindTheFilter server;

    @BeforeAll
    void start() throws Exception {
        server = new BehindTheFilter("jersey", (classes, ctx) -> {
            ResourceConfig config = new ResourceConfig(Resources.class).register(RolesAllowedDynamicFeature.class);
            ctx.addServlet("jersey", new ServletContainer(config)).addMapping("/api/*");
        }, "/api/public");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("a resource's SecurityContext holds the token's user, a UserAccount, with the scheme Token")
    void getWhenValidTokenThenSecurityContextHasUserAccount() {
        Http.Response response = http.get(server.jetty.uri("/api/me"), "Authorization", "Token " + server.key);
        assertEquals(200, response.status(), response::toString);
        assertEquals(server.username + " " + UserAccount.class.getSimpleName() + " Token staff=false", response.text());
    }

    @Test
    @DisplayName("without a token the filter answers DRF's 401 before Jersey")
    void getWhenNoTokenThenFilters401() {
        Http.Response response = http.get(server.jetty.uri("/api/me"));
        assertEquals(401, response.status());
        assertEquals("{\"detail\":\"Authentication credentials were not provided.\"}", response.text());
        assertEquals("Token", response.header("WWW-Authenticate").orElseThrow());
    }

    @Test
    @DisplayName("@RolesAllowed denies a role the user lacks: 403 from Jersey")
    void getWhenRoleLackingThen403() {
        Http.Response response = http.get(server.jetty.uri("/api/staff"), "Authorization", "Token " + server.key);
        assertEquals(403, response.status(), response::toString);
    }

    @Test
    @DisplayName("@PermitAll on an open path: anonymous and authenticated requests both reach it")
    void getWhenPermitAllThenAnonymousAndUserAnswered() {
        assertEquals("anonymous", http.get(server.jetty.uri("/api/public")).text());
        assertEquals(server.username, http.get(server.jetty.uri("/api/public"), "Authorization", "Token " + server.key).text());
        Http.Response bad = http.get(server.jetty.uri("/api/public"), "Authorization", "Token nope");
        assertEquals(401, bad.status());
        assertEquals("{\"detail\":\"Invalid token.\"}", bad.text());
    }
}
