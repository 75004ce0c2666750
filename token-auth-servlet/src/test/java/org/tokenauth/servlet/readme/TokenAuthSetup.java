package org.tokenauth.servlet.readme;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import javax.sql.DataSource;
import org.tokenauth.core.PasswordCredentialsVerifier;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.servlet.ObtainTokenServlet;
import org.tokenauth.servlet.TokenAuthenticationFilter;

// README: "Register in code" (keep in sync with /tmp/readme-servlet-section.md)
/** Registers token authentication when the application starts. */
public final class TokenAuthSetup implements ServletContextListener {
    private final DataSource db; // the application's pool (HikariCP)

    public TokenAuthSetup(DataSource db) { this.db = db; }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        TokenStore store = new UsersTableTokenStore(db);
        UserDirectory users = new UserDirectory(db);
        PasswordCredentialsVerifier verifier = new PasswordCredentialsVerifier(users::findByUsername, new Pbkdf2PasswordHasher());

        ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(store, users)
                .requireAuthentication(true)                      // anonymous requests get 401...
                .openPaths("/api-token-auth/", "/", "/static/*")  // ...except here
                .build())
           .addMappingForUrlPatterns(null, false, "/*");

        ObtainTokenServlet obtainToken = ObtainTokenServlet.builder(new TokenService(store), verifier).build();
        ServletRegistration.Dynamic registration = ctx.addServlet("obtainToken", obtainToken);
        registration.addMapping("/api-token-auth/");
        registration.setMultipartConfig(obtainToken.multipartConfig()); // for multipart/form-data logins
    }
}
