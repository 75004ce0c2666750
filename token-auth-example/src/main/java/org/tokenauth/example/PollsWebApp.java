package org.tokenauth.example;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.LastUseRecorder;
import org.tokenauth.core.PasswordCredentialsVerifier;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserLookup;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.CachingUserLookup;
import org.tokenauth.core.cache.InvalidationBus;
import org.tokenauth.core.cache.Invalidations;
import org.tokenauth.core.postgres.PostgresInvalidationBus;
import org.tokenauth.core.redis.RedisInvalidationBus;
import org.tokenauth.core.jpa.JpaTokenStore;
import org.tokenauth.core.jpa.JpaTokenauthStore;
import org.tokenauth.example.accounts.LogoutServlet;
import org.tokenauth.example.accounts.RegisterServlet;
import org.tokenauth.example.accounts.UserAdminServlet;
import org.tokenauth.example.accounts.UserDirectory;
import org.tokenauth.example.polls.Polls;
import org.tokenauth.example.polls.PollsApiServlet;
import org.tokenauth.example.web.AllowedHostsFilter;
import org.tokenauth.example.web.SecurityHeadersFilter;
import org.tokenauth.example.web.ServerErrorFilter;
import org.tokenauth.core.jpa.IssueTokenOnCreate;
import org.tokenauth.servlet.ObtainTokenServlet;
import org.tokenauth.servlet.TokenAuthenticationFilter;
import org.tokenauth.servlet.TokenManagementServlet;

/**
 * Wires the whole example into a servlet context: the database, the library's token store,
 * filter and obtain-token servlet, the user-created hook, the polls API, the account endpoints, and
 * the demo data. The same listener runs in both ways the example is deployed:
 *
 * <ul>
 *   <li>the WAR's {@code web.xml} declares it (no-arg constructor: settings from system properties
 *       and environment variables, see {@link ExampleSettings});
 *   <li>{@link ExampleServer} adds it to an embedded Jetty (settings passed in).
 * </ul>
 *
 * <p>URLs, inside the application's context path:
 * <pre>
 * /accounts/get_auth_token/   POST username+password → {"token": …}   (the library's servlet)
 * /accounts/register/         POST username+password → 201 {"username", "token"}
 * /accounts/auth/             the login page
 * /accounts/logout/           GET the logout page; POST revokes the caller's token (the library's)
 * /accounts/logoutall/        POST revokes every token of the caller
 * /accounts/tokens/           GET lists the caller's tokens; POST creates a named one (hashed mode)
 * /accounts/tokens/{id}/      DELETE revokes one of them
 * /accounts/revoke/           POST token=&lt;key&gt; revokes that key if it is the caller's (RFC 7009)
 * /polls/                     the polls page
 * /polls/api/…                the polls API (token required)
 * /admin/users/…              deactivate/activate users (staff token required)
 * /admin/cache/               GET the token cache's and the invalidation bus's figures (staff token required)
 * </pre>
 *
 * @since 0.1
 */
public final class PollsWebApp implements ServletContextListener {

    /** Paths anyone may load: the pages and their files; the API answers 401 without a token. */
    static final String[] OPEN_PATHS = {
        "/", "/index.html", "/favicon.ico", "/static/*", "/accounts/*", "/polls", "/polls/", "/polls/index.html",
    };

    /** The scopes of the example's tokens: what a login gets in hashed mode, and what a named token may have. */
    static final String[] SCOPES = {"polls:read", "polls:write"};

    private final ExampleSettings settings;
    private volatile Database database;
    private volatile LastUseRecorder lastUse;
    private volatile Invalidations invalidations;
    private volatile DemoLogin demoLogin;
    private volatile java.nio.file.Path demoPasswordFile;

    /** For {@code web.xml}: reads the settings from system properties and environment variables at start. */
    public PollsWebApp() {
        this.settings = null;
    }

    /**
     * For an embedded server.
     *
     * @param settings the settings to run with
     */
    public PollsWebApp(ExampleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Opens the database, installs the demo data and registers every filter and servlet.
     *
     * @throws IllegalArgumentException if a setting is invalid (WAR deployments)
     * @throws RuntimeException         if the database cannot be reached
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        ExampleSettings effective = settings != null ? settings : ExampleSettings.fromEnvironment();
        Clock clock = Clock.systemUTC();
        Database db = Database.open(effective);
        try {
            // Embedded, the launcher's console is where a person looks; in a container, its log.
            // Hashed mode's table keeps each token's last use: written behind, at most once a minute per token.
            LastUseRecorder recorder = effective.hashedTokens() ? LastUseRecorder.builder().build() : null;
            this.lastUse = recorder;
            TokenService tokens = tokenService(effective, db, settings == null ? ctx::log : System.out::println, recorder);
            Optional<Invalidations> bus = invalidations(effective, db);
            this.invalidations = bus.orElse(null);
            Optional<CachingTokenStore> tokenCache = Optional.empty();
            if (effective.caches()) {
                // An authenticated request costs no query while its token (30 s) and user (5 s) are
                // cached; every login, logout and revocation goes through this one service, so
                // this instance sees them at once, and with a bus the other instances within moments.
                CachingTokenStore.Builder cache = CachingTokenStore.builder(tokens.store())
                        .expireAfter(effective.tokenCacheTtl());
                bus.ifPresent(cache::invalidations);
                tokenCache = Optional.of(cache.build());
                tokens = tokens.withStore(tokenCache.get());
            }
            if (!effective.hashedTokens()) {
                // The user-created hook: every committed insert of a User gets a token. In hashed
                // mode a key is shown once, to whoever issues it, so registration issues its own.
                IssueTokenOnCreate.install(db.emf(), tokens);
            }

            Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(effective.passwordIterations());
            UserDirectory users = new UserDirectory(db.emf(), hasher, clock);
            CachingUserLookup cachedUsers = null;
            if (effective.caches()) {
                CachingUserLookup.Builder cache = CachingUserLookup.builder(users);
                bus.ifPresent(cache::invalidations); // a deactivation is then published: see UserAdminServlet
                cachedUsers = cache.build();
            }
            UserLookup owners = cachedUsers != null ? cachedUsers : users;
            Consumer<String> userChanged = cachedUsers != null ? cachedUsers::invalidate : id -> { };
            CredentialsVerifier verifier = new PasswordCredentialsVerifier(users::findForLogin, hasher);
            Polls polls = new Polls(db.emf(), clock);

            DemoLogin demo = DemoData.install(effective, users, polls, clock);

            // First: a request for another host (Host: evil.example, DNS rebinding) goes no further.
            filter(ctx, "allowedHosts", new AllowedHostsFilter(effective.effectiveAllowedHosts()));
            filter(ctx, "serverErrors", new ServerErrorFilter()); // first: it answers for every failure after it
            filter(ctx, "securityHeaders", new SecurityHeadersFilter());
            filter(ctx, "tokenAuthentication", TokenAuthenticationFilter.builder(tokens, owners)
                    .requireAuthentication(true)
                    .openPaths(OPEN_PATHS)
                    .build());
            ObtainTokenServlet.Builder obtain = ObtainTokenServlet.builder(tokens, verifier);
            if (effective.hashedTokens()) {
                obtain.defaultScopes(SCOPES); // DRF's table keeps no scopes
            } else {
                // DRF mode answers as the tutorial's DRF does, byte for byte, and the tutorial has no
                // throttle: no 429 there, nor a 503 for a spent verification budget. Hashed mode,
                // already past DRF, keeps the library's defaults.
                obtain.usernameRate("none").addressRate("none").verificationBudget("none");
            }
            servlet(ctx, "obtainToken", obtain.build(), "/accounts/get_auth_token/");
            servlet(ctx, "register", new RegisterServlet(users, tokens), "/accounts/register/");
            servlet(ctx, "logout", new LogoutServlet(tokens), "/accounts/logout/");
            servlet(ctx, "logoutAll", management(tokens, TokenManagementServlet.Action.LOGOUT_ALL), "/accounts/logoutall/");
            servlet(ctx, "tokens", management(tokens, TokenManagementServlet.Action.TOKENS), "/accounts/tokens/*");
            servlet(ctx, "revoke", management(tokens, TokenManagementServlet.Action.REVOKE), "/accounts/revoke/");
            servlet(ctx, "pollsApi", new PollsApiServlet(polls, users::isActiveStaff), "/polls/api/*");
            servlet(ctx, "userAdmin", new UserAdminServlet(users, userChanged), "/admin/users/*");
            servlet(ctx, "cacheAdmin", new CacheAdminServlet(users::isActiveStaff, tokenCache, bus), "/admin/cache/*");

            if (settings == null) {
                // Deployed as a WAR: no launcher prints the demo login. The container's log is read
                // by more people than the app's admin, so a generated password goes to a file only
                // this user can read, and the log says where.
                String password = "the configured password";
                if (demo.generated()) {
                    demoPasswordFile = DemoData.writePasswordFile(demo.password());
                    password = "the password generated at this start, in " + demoPasswordFile + " (mode 0600)";
                }
                ctx.log("token-auth example started: " + effective + "; demo login " + demo.username() + " / " + password);
            }
            this.database = db;
            this.demoLogin = demo;
        } catch (RuntimeException e) {
            closeInvalidations();
            closeLastUse();
            db.close();
            throw e;
        }
    }

    /**
     * The invalidation bus of {@code --invalidation}, subscribed; empty for {@code none}. Failing
     * publishes are retried for as long as the longest cache bound, no longer: by then the other
     * instances' entries have expired anyway.
     */
    static Optional<Invalidations> invalidations(ExampleSettings settings, Database db) {
        ExampleSettings.Invalidation invalidation = settings.invalidation();
        InvalidationBus bus = switch (invalidation.bus()) {
            case NONE -> null;
            case POSTGRES -> {
                // Its listener holds one of the pool's connections for good: Database sized the pool for it.
                PostgresInvalidationBus.Builder postgres = PostgresInvalidationBus.builder(db.dataSource());
                invalidation.channel().ifPresent(postgres::channel);
                yield postgres.build();
            }
            case REDIS -> {
                // A client of its own; it subscribes in the background if Redis is not there yet.
                RedisInvalidationBus.Builder redis = RedisInvalidationBus.builder(invalidation.redisUrl());
                invalidation.channel().ifPresent(redis::channel);
                yield redis.build();
            }
        };
        if (bus == null) {
            return Optional.empty();
        }
        Duration longestBound = settings.tokenCacheTtl().compareTo(CachingUserLookup.DEFAULT_EXPIRE_AFTER) > 0
                ? settings.tokenCacheTtl() : CachingUserLookup.DEFAULT_EXPIRE_AFTER;
        return Optional.of(Invalidations.builder(bus).retryFor(longestBound).build());
    }

    /**
     * The token policy: DRF's (40-hex keys on {@code authtoken_token}, one per user) by default;
     * with {@code --hashed-tokens}, keys hashed at rest on {@code tokenauth_token}, a token per
     * login (at most 10 per user), under the secret of {@code --token-secret-file}, taking over
     * the keys of {@code authtoken_token} on first use. Either with {@code --token-ttl}. Token
     * events go to the {@linkplain AuditLog audit log}; last uses to {@code lastUse} if not
     * {@code null} (hashed mode only: DRF's table has no column for it).
     */
    static TokenService tokenService(ExampleSettings settings, Database db, Consumer<String> say, LastUseRecorder lastUse) {
        TokenService.Builder builder;
        if (settings.hashedTokens()) {
            ServerSecret secret = TokenSecretFile.load(settings.tokenSecretFile(), say);
            // Keys of an earlier DRF-mode run keep working, and move to tokenauth_token on first use.
            builder = TokenService.builder(new JpaTokenauthStore(db.emf())).keys(KeyMode.hashed(secret))
                    .migrateFrom(new JpaTokenStore(db.emf()));
        } else {
            builder = TokenService.builder(new JpaTokenStore(db.emf()));
        }
        settings.tokenTtl().ifPresent(builder::timeToLive);
        builder.events(new AuditLog());
        if (lastUse != null) {
            builder.recordLastUse(lastUse);
        }
        return builder.build();
    }

    /** Closes the database; in a container, also unregisters the JDBC drivers this WAR brought. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        closeInvalidations(); // publishes what is still queued, while the database (PostgreSQL's bus) is open
        closeLastUse(); // writes the last uses still pending, while the database is open
        Database db = database;
        if (db != null) {
            database = null;
            db.close();
        }
        java.nio.file.Path passwordFile = demoPasswordFile;
        if (passwordFile != null) {
            demoPasswordFile = null;
            try {
                java.nio.file.Files.deleteIfExists(passwordFile);
            } catch (java.io.IOException e) {
                event.getServletContext().log("could not delete the demo password file " + passwordFile, e);
            }
        }
        deregisterOwnDrivers(event.getServletContext());
    }

    /**
     * A driver loaded by the WAR's class loader stays registered with {@link DriverManager} after
     * undeploy, pinning the whole application in memory. The embedded server shares the system
     * class loader, where drivers must stay registered for the next start in the same JVM.
     */
    private static void deregisterOwnDrivers(ServletContext ctx) {
        ClassLoader own = PollsWebApp.class.getClassLoader();
        if (own == ClassLoader.getSystemClassLoader()) {
            return;
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    ctx.log("could not deregister JDBC driver " + driver.getClass().getName(), e);
                }
            }
        }
    }

    private void closeInvalidations() {
        Invalidations bus = invalidations;
        if (bus != null) {
            invalidations = null;
            bus.close();
        }
    }

    private void closeLastUse() {
        LastUseRecorder recorder = lastUse;
        if (recorder != null) {
            lastUse = null;
            try {
                recorder.close();
            } catch (RuntimeException e) {
                // Logged by the recorder; a last use lost at shutdown is no reason to fail it.
            }
        }
    }

    /** @return the demo login, once the context has started */
    public Optional<DemoLogin> demoLogin() {
        return Optional.ofNullable(demoLogin);
    }

    private static TokenManagementServlet management(TokenService tokens, TokenManagementServlet.Action action) {
        return TokenManagementServlet.builder(tokens, action).knownScopes(SCOPES).build();
    }

    private static void filter(ServletContext ctx, String name, Filter filter) {
        FilterRegistration.Dynamic registration = ctx.addFilter(name, filter);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }

    private static void servlet(ServletContext ctx, String name, HttpServlet servlet, String mapping) {
        ServletRegistration.Dynamic registration = ctx.addServlet(name, servlet);
        registration.addMapping(mapping);
        // Form uploads in memory only, small: these endpoints take a few short fields.
        registration.setMultipartConfig(new MultipartConfigElement("", 64 * 1024, 64 * 1024, 64 * 1024));
        registration.setLoadOnStartup(1);
    }
}
