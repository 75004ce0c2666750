package org.tokenauth.servlet;

import jakarta.servlet.ServletContext;
import java.util.Objects;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.UserLookup;

/**
 * The one place that names the {@link ServletContext} attributes through which an application hands
 * its collaborators to a {@link TokenAuthenticationFilter} and an {@link ObtainTokenServlet}
 * declared in {@code web.xml}.
 *
 * <p>Call {@link #register} from a {@code ServletContextListener}'s {@code contextInitialized}: the
 * container runs listeners before it initializes filters and servlets, so they find the attributes
 * in their {@code init}.
 *
 * @since 0.1
 */
public final class TokenAuthContext {

    /** The attribute holding the application's {@link TokenStore}. */
    public static final String TOKEN_STORE = "org.tokenauth.core.TokenStore";

    /** The attribute holding the application's {@link UserLookup}. */
    public static final String USER_LOOKUP = "org.tokenauth.core.UserLookup";

    /** The attribute holding the application's {@link CredentialsVerifier}. */
    public static final String CREDENTIALS_VERIFIER = "org.tokenauth.core.CredentialsVerifier";

    private TokenAuthContext() {
    }

    /**
     * Sets the three attributes, so that filters and servlets declared in {@code web.xml} find their
     * collaborators.
     *
     * @param ctx      the application's context
     * @param store    where tokens live
     * @param users    finds a token's owner by id
     * @param verifier checks a username and password for the obtain-token endpoint
     * @throws NullPointerException if an argument is {@code null}
     */
    public static void register(ServletContext ctx, TokenStore store, UserLookup users, CredentialsVerifier verifier) {
        Objects.requireNonNull(ctx, "ctx");
        ctx.setAttribute(TOKEN_STORE, Objects.requireNonNull(store, "store"));
        ctx.setAttribute(USER_LOOKUP, Objects.requireNonNull(users, "users"));
        ctx.setAttribute(CREDENTIALS_VERIFIER, Objects.requireNonNull(verifier, "verifier"));
    }
}
