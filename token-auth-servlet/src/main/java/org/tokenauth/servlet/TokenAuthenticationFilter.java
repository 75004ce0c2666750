package org.tokenauth.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.UserLookup;

/**
 * A servlet filter for Django REST Framework's token authentication,
 * {@code Authorization: Token <key>}, answering exactly as DRF does. A thin adapter over core's
 * {@link TokenAuthenticator}.
 *
 * <p>For each request:
 * <ul>
 *   <li><b>no credentials</b> for this scheme (no {@code Authorization} header, or another scheme
 *       such as {@code Basic}, so other authentication can coexist): the request goes on
 *       anonymous, untouched; unless authentication is {@linkplain Builder#requireAuthentication
 *       required} and its path is not {@linkplain Builder#openPaths open}, which answers 401
 *       {@code {"detail":"Authentication credentials were not provided."}};
 *   <li><b>bad credentials</b> (malformed header, unknown key, inactive or deleted user): 401 with
 *       DRF's message, on every path, open ones included;
 *   <li><b>a valid key</b>: the request goes on wrapped, so that {@code getUserPrincipal()} is the
 *       {@link org.tokenauth.core.UserAccount}, {@code getRemoteUser()} its username,
 *       {@code getAuthType()} the keyword, and the request attribute {@link #TOKEN_ATTRIBUTE} holds
 *       the {@link org.tokenauth.core.Token};
 *   <li><b>the token store or user lookup fails</b>: 503 with
 *       {@code {"detail":"Service temporarily unavailable, try again later."}} and
 *       {@code Retry-After: 5}, logged once (without the key) through {@link System.Logger}; never
 *       401, which would make a good token look revoked.
 * </ul>
 * Every 401 carries {@code WWW-Authenticate: <keyword>}. Bodies are compact JSON with
 * {@code Content-Type: application/json}. Both can be changed, at one place, by a {@link Challenge}:
 * RFC 6750 challenge parameters or RFC 9457 problem details.
 *
 * <p>A token's scopes are its roles: {@code request.isUserInRole("polls:write")}. With
 * {@linkplain Builder#scopeRules scope rules}, a token lacking the scope a path and method need is
 * refused 403 {@code {"detail":"You do not have permission to perform this action."}}.
 *
 * <p><b>In code</b>:
 * <pre>{@code
 * ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(store, users)
 *         .requireAuthentication(true)
 *         .openPaths("/accounts/*", "/")
 *         .build())
 *    .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p><b>In {@code web.xml}</b>, with the public no-arg constructor and these init-params, each
 * optional: {@code keyword} (default {@code Token}), {@code require-authentication}
 * ({@code true|false}, default {@code false}), {@code open-paths} (comma-separated patterns),
 * {@code report-expired-tokens} ({@code true|false}, default {@code false}),
 * {@code token-store-class} and {@code user-lookup-class} (classes with public no-arg
 * constructors), {@code challenge} ({@code drf}, {@code bearer}, {@code bearer realm=<realm>} or
 * {@code problem}; see {@link Challenge}), {@code scope-rules} (see {@link ScopeRules}), and the caches, off unless one of their init-params is set:
 * {@code token-cache-ttl} (e.g. {@code 30s}: the longest a token revoked on another instance goes
 * on authenticating here), {@code token-cache-size}, {@code token-cache-unknown-ttl},
 * {@code user-cache-ttl} (e.g. {@code 5s}) and {@code user-cache-size}; see
 * {@link org.tokenauth.core.cache.CachingTokenStore}. With several instances, {@code invalidation-bus}
 * (a {@code jdbc:postgresql:} URL; see {@link org.tokenauth.core.postgres.PostgresInvalidationBus})
 * and {@code invalidation-channel} keep the caches of all instances in step, so that a token revoked
 * on one stops working on all within moments; an application that builds its own
 * {@link org.tokenauth.core.cache.Invalidations} puts it in the {@link TokenAuthContext#INVALIDATIONS}
 * attribute instead. The filter then publishes the caching store,
 * service and user lookup in the {@link TokenAuthContext} attributes, so that the obtain-token
 * servlet and the application revoke and deactivate through them. Without the class params, the {@link TokenStore} and {@link UserLookup} are taken
 * from the {@link TokenAuthContext} attributes. An unknown init-param or a bad value fails
 * {@link #init} with a {@link ServletException} naming each one. A filter made by the
 * {@link #builder} ignores init-params.
 *
 * <p>Immutable once initialized and thread-safe; holds no thread-locals and no static state.
 *
 * @since 0.1
 */
public final class TokenAuthenticationFilter implements Filter {

    /** The request attribute that holds the {@link org.tokenauth.core.Token} of an authenticated request. */
    public static final String TOKEN_ATTRIBUTE = "org.tokenauth.token";

    static final String NOT_PROVIDED = "Authentication credentials were not provided.";

    private static final System.Logger LOG = System.getLogger(TokenAuthenticationFilter.class.getName());

    private static final String KEYWORD = "keyword";
    private static final String REQUIRE_AUTHENTICATION = "require-authentication";
    private static final String OPEN_PATHS = "open-paths";
    private static final String REPORT_EXPIRED_TOKENS = "report-expired-tokens";
    private static final String TOKEN_STORE_CLASS = "token-store-class";
    private static final String USER_LOOKUP_CLASS = "user-lookup-class";
    private static final String OUTAGE_LOG_INTERVAL = "outage-log-interval-seconds";
    private static final String CHALLENGE = "challenge";
    private static final String SCOPE_RULES = "scope-rules";
    private static final Set<String> INIT_PARAMS = Set.of(KEYWORD, REQUIRE_AUTHENTICATION, OPEN_PATHS, REPORT_EXPIRED_TOKENS,
            TOKEN_STORE_CLASS, USER_LOOKUP_CLASS, OUTAGE_LOG_INTERVAL, CHALLENGE, SCOPE_RULES,
            // FilterCaches' names are compile-time constants: naming them here does not load it.
            FilterCaches.TOKEN_CACHE_TTL, FilterCaches.TOKEN_CACHE_SIZE, FilterCaches.TOKEN_CACHE_UNKNOWN_TTL,
            FilterCaches.USER_CACHE_TTL, FilterCaches.USER_CACHE_SIZE, FilterCaches.INVALIDATION_BUS,
            FilterCaches.INVALIDATION_CHANNEL);

    /**
     * The request attribute through which an anonymous request carries this filter's way of
     * refusing, so that a {@link TokenManagementServlet} answers its 401 as the filter would.
     */
    static final String REFUSALS_ATTRIBUTE = "org.tokenauth.servlet.refusals";

    private final JsonResponses json = new JsonResponses();

    /** Set by the builder, or by {@link #init} for a filter declared in {@code web.xml}. */
    private volatile Settings settings;

    /** The caches a filter declared in {@code web.xml} made from its init-params, if any. */
    private volatile FilterCaches caches;

    /** Creates a filter that takes its configuration from {@code web.xml} in {@link #init}. */
    public TokenAuthenticationFilter() {
    }

    private TokenAuthenticationFilter(TokenAuthenticator authenticator, boolean requireAuthentication, OpenPaths openPaths,
            Duration outageLogInterval, Challenge challenge, ScopeRules scopeRules) {
        this.settings = new Settings(authenticator, requireAuthentication, openPaths, json, outageLog(outageLogInterval),
                challenge, scopeRules);
    }

    private static OutageLog outageLog(Duration interval) {
        return new OutageLog(LOG, interval, Clock.systemUTC());
    }

    /**
     * Returns a builder for a filter registered in code.
     *
     * @param store where keys are looked up, in DRF mode ({@link TokenService#TokenService(TokenStore)})
     * @param users where tokens' owners are looked up
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Builder builder(TokenStore store, UserLookup users) {
        return new Builder(new TokenService(Objects.requireNonNull(store, "store")), users);
    }

    /**
     * Returns a builder for a filter that checks keys by a {@link TokenService} of the
     * application's own policy: hashed keys, expiry, a token per login.
     *
     * @param tokens checks presented keys
     * @param users  where tokens' owners are looked up
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Builder builder(TokenService tokens, UserLookup users) {
        return new Builder(tokens, users);
    }

    /**
     * Reads the init-params and collaborators of a filter declared in {@code web.xml}; does nothing
     * for a filter made by the {@link #builder}.
     *
     * @param config the filter's configuration
     * @throws ServletException naming every unknown init-param, bad value and missing collaborator
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (settings != null) {
            return;
        }
        InitParams params = new InitParams("TokenAuthenticationFilter '" + config.getFilterName() + "'",
                config.getInitParameterNames(), config::getInitParameter, INIT_PARAMS);
        String keyword = params.get(KEYWORD);
        if (keyword == null) {
            keyword = TokenAuthenticator.DEFAULT_KEYWORD;
        } else if (!TokenAuthenticator.isValidKeyword(keyword)) {
            params.problem(KEYWORD, "must be one word of printable ASCII (like Token or Bearer), but was '" + keyword + "'");
            keyword = TokenAuthenticator.DEFAULT_KEYWORD;
        }
        boolean required = params.bool(REQUIRE_AUTHENTICATION, false);
        boolean reportExpired = params.bool(REPORT_EXPIRED_TOKENS, false);
        int outageLogSeconds = params.positiveInt(OUTAGE_LOG_INTERVAL, (int) OutageLog.DEFAULT_INTERVAL.toSeconds(), "seconds");
        OpenPaths openPaths = OpenPaths.NONE;
        String open = params.get(OPEN_PATHS);
        if (open != null) {
            try {
                openPaths = OpenPaths.of(splitComma(open));
            } catch (IllegalArgumentException e) {
                params.problem(OPEN_PATHS, e.getMessage());
            }
        }
        Challenge challenge = params.parsed(CHALLENGE, Challenge.drf(), Challenge::parse);
        ScopeRules scopeRules = params.parsed(SCOPE_RULES, ScopeRules.none(), ScopeRules::parse);
        TokenStore store = params.collaborator(TokenStore.class, TOKEN_STORE_CLASS,
                config.getServletContext(), TokenAuthContext.TOKEN_STORE);
        UserLookup users = params.collaborator(UserLookup.class, USER_LOOKUP_CLASS,
                config.getServletContext(), TokenAuthContext.USER_LOOKUP);
        FilterCaches caches = FilterCaches.asked(params)
                ? FilterCaches.configure(params, store, users, config.getServletContext()) : null;
        try {
            params.throwIfInvalid();
        } catch (ServletException e) {
            if (caches != null) {
                caches.close();
            }
            throw e;
        }
        this.caches = caches;
        boolean storeNamedByClass = params.get(TOKEN_STORE_CLASS) != null;
        TokenService tokens = TokenAuthContext.tokenService(config.getServletContext(), store, storeNamedByClass);
        if (caches != null) {
            tokens = caches.tokens(tokens, config.getServletContext(), storeNamedByClass);
            users = caches.users(users, config.getServletContext(), params.get(USER_LOOKUP_CLASS) != null);
        }
        settings = new Settings(new TokenAuthenticator(tokens, users, keyword).reportingExpiry(reportExpired), required,
                openPaths, json, outageLog(Duration.ofSeconds(outageLogSeconds)), challenge, scopeRules);
    }

    /** Stops what {@link #init} started for the caches: the invalidation bus named in {@code web.xml}, if any. */
    @Override
    public void destroy() {
        FilterCaches started = caches;
        if (started != null) {
            caches = null;
            started.close();
        }
    }

    private static List<String> splitComma(String value) {
        List<String> patterns = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                patterns.add(part.strip());
            }
        }
        return patterns;
    }

    /**
     * Authenticates the request, then lets it go on (as its user, or anonymous) or answers it
     * (401, or 503 when storage fails).
     *
     * @throws IllegalStateException if the container did not call {@link #init} on a filter
     *                               declared in {@code web.xml}
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("TokenAuthenticationFilter used before init()");
        }
        Authentication outcome;
        try {
            outcome = current.authenticator.authenticate(http.getHeader("Authorization"));
        } catch (RuntimeException storageFailure) {
            json.sendUnavailable(http, httpResponse, current.outages, "Token authentication of " + http.getMethod() + " "
                    + pathInApp(http), storageFailure);
            return;
        }
        if (outcome instanceof Authentication.Authenticated authenticated) {
            current.outages.succeeded(); // the store and the user lookup both answered
            if (!current.scopeRules.isEmpty()) {
                String missing = current.scopeRules.missingScope(http.getMethod(), pathInApp(http), authenticated.token());
                if (missing != null) {
                    current.forbid(http, httpResponse, missing);
                    return;
                }
            }
            AuthenticatedRequest wrapped = new AuthenticatedRequest(http, authenticated.user(),
                    current.authenticator.keyword(), authenticated.token().scopes());
            wrapped.setAttribute(TOKEN_ATTRIBUTE, authenticated.token());
            chain.doFilter(wrapped, response);
        } else if (outcome instanceof Authentication.Rejected rejected) {
            current.challenge(http, httpResponse, true, rejected.failure().detail(), current.rejected.get(rejected.failure()));
        } else if (current.requireAuthentication && !current.openPaths.matches(pathInApp(http))
                || current.scopeRules.applies(http.getMethod(), pathInApp(http))) {
            current.notProvided(http, httpResponse);
        } else {
            request.setAttribute(REFUSALS_ATTRIBUTE, current);
            chain.doFilter(request, response);
        }
    }

    /** The path inside the application, decoded and normalized by the container. */
    private static String pathInApp(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    @Override
    public String toString() {
        Settings current = settings;
        return current == null ? "TokenAuthenticationFilter[not initialized]"
                : "TokenAuthenticationFilter[keyword=" + current.authenticator.keyword()
                        + ", requireAuthentication=" + current.requireAuthentication
                        + ", openPaths=" + current.openPaths + "]";
    }

    /** Everything a request needs, fixed at construction or init, with the 401 and 403 bodies made once. */
    static final class Settings {

        final TokenAuthenticator authenticator;
        final boolean requireAuthentication;
        final OpenPaths openPaths;
        final byte[] notProvided;
        final Map<Authentication.Failure, byte[]> rejected = new EnumMap<>(Authentication.Failure.class);
        final OutageLog outages;
        final Challenge refusals;
        final ScopeRules scopeRules;
        final byte[] forbidden;

        Settings(TokenAuthenticator authenticator, boolean requireAuthentication, OpenPaths openPaths, JsonResponses json,
                OutageLog outages, Challenge refusals, ScopeRules scopeRules) {
            this.outages = outages;
            this.authenticator = authenticator;
            this.requireAuthentication = requireAuthentication;
            this.openPaths = openPaths;
            this.refusals = refusals;
            this.scopeRules = scopeRules;
            this.notProvided = refusals.body(json, HttpServletResponse.SC_UNAUTHORIZED, NOT_PROVIDED);
            for (Authentication.Failure failure : Authentication.Failure.values()) {
                rejected.put(failure, refusals.body(json, HttpServletResponse.SC_UNAUTHORIZED, failure.detail()));
            }
            this.forbidden = refusals.body(json, HttpServletResponse.SC_FORBIDDEN, Challenge.NO_PERMISSION);
        }

        void challenge(HttpServletRequest request, HttpServletResponse response, boolean credentialsSent, String detail,
                byte[] body) throws IOException {
            refusals.unauthorized(request, response, authenticator.keyword(), credentialsSent, detail, body);
        }

        /** Answers 401 "Authentication credentials were not provided.", as this filter words it. */
        void notProvided(HttpServletRequest request, HttpServletResponse response) throws IOException {
            challenge(request, response, false, NOT_PROVIDED, notProvided);
        }

        void forbid(HttpServletRequest request, HttpServletResponse response, String scope) throws IOException {
            refusals.forbidden(request, response, authenticator.keyword(), scope, forbidden);
        }
    }

    /**
     * Configures a {@link TokenAuthenticationFilter} registered in code.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final TokenService tokens;
        private final UserLookup users;
        private String keyword = TokenAuthenticator.DEFAULT_KEYWORD;
        private boolean requireAuthentication;
        private boolean reportExpiry;
        private OpenPaths openPaths = OpenPaths.NONE;
        private Duration outageLogInterval = OutageLog.DEFAULT_INTERVAL;
        private Challenge challenge = Challenge.drf();
        private ScopeRules scopeRules = ScopeRules.none();

        private Builder(TokenService tokens, UserLookup users) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            this.users = Objects.requireNonNull(users, "users");
        }

        /**
         * Sets whether an expired token is refused with {@code {"detail":"Token has expired."}}
         * rather than DRF's {@code {"detail":"Invalid token."}}; off by default, since it tells a
         * client that a key once existed.
         *
         * @param report whether to say that a token has expired
         * @return this builder
         */
        public Builder reportExpiredTokens(boolean report) {
            this.reportExpiry = report;
            return this;
        }

        /**
         * Sets the scheme name clients send before the key, compared case-insensitively, and named
         * in every 401's {@code WWW-Authenticate}; default {@code Token}.
         *
         * @param keyword e.g. {@code Bearer}
         * @return this builder
         * @throws NullPointerException     if {@code keyword} is {@code null}
         * @throws IllegalArgumentException if {@code keyword} is not one word of printable ASCII
         */
        public Builder keyword(String keyword) {
            Objects.requireNonNull(keyword, "keyword");
            this.keyword = TokenAuthenticator.requireValidKeyword(keyword);
            return this;
        }

        /**
         * Sets whether anonymous requests outside the {@linkplain #openPaths open paths} are
         * refused with 401 {@code {"detail":"Authentication credentials were not provided."}};
         * default {@code false}, where they go on anonymous and the application decides (e.g.
         * {@code request.getUserPrincipal() == null}).
         *
         * @param required whether authentication is required
         * @return this builder
         */
        public Builder requireAuthentication(boolean required) {
            this.requireAuthentication = required;
            return this;
        }

        /**
         * Sets the paths that stay open to anonymous requests when authentication is required:
         * servlet-style patterns matched against the path inside the application (the request URI
         * without the context path, decoded and normalized by the container). Exact
         * ({@code /accounts/get_auth_token/}), prefix ({@code /static/*}, which also matches
         * {@code /static}) and extension ({@code *.css}) patterns; {@code /} matches the
         * application's root only. Bad credentials are still refused on open paths, as in DRF.
         * Replaces any patterns set before.
         *
         * @param patterns the patterns
         * @return this builder
         * @throws NullPointerException     if {@code patterns} or one of them is {@code null}
         * @throws IllegalArgumentException naming each pattern that is not one of the three forms
         */
        public Builder openPaths(String... patterns) {
            this.openPaths = OpenPaths.of(Arrays.asList(Objects.requireNonNull(patterns, "patterns")));
            return this;
        }

        /**
         * Sets how often a lasting storage outage is reported in the log: the first failure (a
         * 503) is logged in full, then a count of the failures since at most once per interval,
         * then one line when a request is authenticated again; default 60 seconds ({@code web.xml}:
         * {@code outage-log-interval-seconds}).
         *
         * @param interval the time between two reports of one outage
         * @return this builder
         * @throws IllegalArgumentException if {@code interval} is not positive
         */
        public Builder outageLogInterval(Duration interval) {
            this.outageLogInterval = OutageLog.requireInterval(interval);
            return this;
        }

        /**
         * Sets how refusals are worded: DRF's (the default), RFC 6750's {@code Bearer} challenge
         * parameters, or RFC 9457 problem details; see {@link Challenge} ({@code web.xml}:
         * {@code challenge}).
         *
         * @param challenge the style of every 401 and 403 of this filter
         * @return this builder
         */
        public Builder challenge(Challenge challenge) {
            this.challenge = Objects.requireNonNull(challenge, "challenge");
            return this;
        }

        /**
         * Sets the scopes requests need, by path and method; none by default ({@code web.xml}:
         * {@code scope-rules}). Replaces rules set before.
         *
         * @param rules the rules
         * @return this builder
         */
        public Builder scopeRules(ScopeRules rules) {
            this.scopeRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * Builds the filter. The builder can be used again afterwards.
         *
         * @return a configured filter, ready for {@code ServletContext.addFilter}
         */
        public TokenAuthenticationFilter build() {
            return new TokenAuthenticationFilter(
                    new TokenAuthenticator(tokens, users, keyword).reportingExpiry(reportExpiry), requireAuthentication, openPaths,
                    outageLogInterval, challenge, scopeRules);
        }
    }
}
