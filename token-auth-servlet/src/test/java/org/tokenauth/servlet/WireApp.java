package org.tokenauth.servlet;

import static org.mockito.Mockito.spy;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.tokenauth.core.PasswordCredentialsVerifier;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.servlet.readme.UsersTableTokenStore;

/**
 * The application the wire tests talk to, registered in code: its users and their tokens in an H2
 * database (the README's {@link UsersTableTokenStore}), the filter on {@code /*}, the obtain-token
 * servlet on {@link #OBTAIN}, and {@link EchoServlet} for every other path.
 */
final class WireApp implements AutoCloseable {

    static final String OBTAIN = "/api-token-auth/";
    static final String PASSWORD = "correct horse battery staple";

    final HikariDataSource db = TestDatabase.create();
    final UsersDb users = new UsersDb(db);
    final TokenStore store = new UsersTableTokenStore(db);
    final TokenService tokens = new TokenService(store);
    /** A spy, so tests can see that an unknown user costs one hash verification, as a known one does. */
    final Pbkdf2PasswordHasher hasher = spy(new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS));
    final PasswordCredentialsVerifier verifier = new PasswordCredentialsVerifier(users::findByUsername, hasher);

    /** The app's setup, as an application's own initializer or listener would do it. */
    ServletContainerInitializer initializer(UnaryOperator<TokenAuthenticationFilter.Builder> filter) {
        return (classes, ctx) -> {
            FilterRegistration.Dynamic auth = ctx.addFilter("tokenAuth",
                    filter.apply(TokenAuthenticationFilter.builder(store, users)).build());
            auth.addMappingForUrlPatterns(null, false, "/*");
            // The wire tests log in far more often than a client should: the default throttle and budget would refuse them.
            ObtainTokenServlet obtain = ObtainTokenServlet.builder(tokens, verifier)
                    .addressRate("none").usernameRate("none").verificationBudget("none").build();
            ServletRegistration.Dynamic reg = ctx.addServlet("obtainToken", obtain);
            reg.addMapping(OBTAIN);
            reg.setMultipartConfig(obtain.multipartConfig());
            ctx.addServlet("echo", new EchoServlet()).addMapping("/");
        };
    }

    /** The default setup of the wire tests: authentication required except on the obtain endpoint and /open/*. */
    ServletContainerInitializer protectedApp() {
        return initializer(b -> b.requireAuthentication(true).openPaths(OBTAIN, "/open/*", "*.css"));
    }

    /** @return the id of a new active user with {@link #PASSWORD} */
    String newUser(String username) {
        return users.create(username, PASSWORD, true, hasher);
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        db.close();
    }
}
