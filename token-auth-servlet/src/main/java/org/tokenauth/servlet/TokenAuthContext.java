package org.tokenauth.servlet;

import jakarta.servlet.ServletContext;
import java.util.Objects;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.TokenService;
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

    /**
     * The attribute holding the application's {@link TokenService}, when it is more than DRF's
     * policy over the {@link #TOKEN_STORE} (hashed keys, a token per login, expiry). Filters and
     * servlets prefer it to the store.
     */
    public static final String TOKEN_SERVICE = "org.tokenauth.core.TokenService";

    /** The attribute holding the application's {@link UserLookup}. */
    public static final String USER_LOOKUP = "org.tokenauth.core.UserLookup";

    /** The attribute holding the application's {@link CredentialsVerifier}. */
    public static final String CREDENTIALS_VERIFIER = "org.tokenauth.core.CredentialsVerifier";

    /**
     * The attribute holding the application's {@link org.tokenauth.core.cache.Invalidations}, if it
     * runs several instances and builds its own bus: the caches a filter makes from its init-params
     * are attached to it. The application closes it.
     */
    public static final String INVALIDATIONS = "org.tokenauth.core.cache.Invalidations";

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

    /**
     * Sets the attributes for a {@link TokenService} of the application's own policy (hashed keys,
     * a token per login, expiry): {@link #TOKEN_SERVICE}, and {@link #TOKEN_STORE} to its store.
     *
     * @param ctx      the application's context
     * @param tokens   the token policy and its store
     * @param users    finds a token's owner by id
     * @param verifier checks a username and password for the obtain-token endpoint
     * @throws NullPointerException if an argument is {@code null}
     */
    public static void register(ServletContext ctx, TokenService tokens, UserLookup users, CredentialsVerifier verifier) {
        register(ctx, Objects.requireNonNull(tokens, "tokens").store(), users, verifier);
        ctx.setAttribute(TOKEN_SERVICE, tokens);
    }

    /**
     * The token service a filter or servlet declared in {@code web.xml} uses: the one named by
     * {@link #TOKEN_SERVICE}, else DRF's policy over the store it was given.
     */
    static TokenService tokenService(ServletContext ctx, TokenStore store, boolean storeNamedByClass) {
        Object service = ctx.getAttribute(TOKEN_SERVICE);
        if (!storeNamedByClass && service instanceof TokenService tokens && tokens.store() == store) {
            return tokens;
        }
        return new TokenService(store);
    }
}
