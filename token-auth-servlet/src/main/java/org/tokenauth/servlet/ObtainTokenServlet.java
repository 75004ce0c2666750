package org.tokenauth.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.TokenLogin;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.servlet.internal.Accept;
import org.tokenauth.servlet.internal.Metadata;
import org.tokenauth.servlet.internal.ParsedBody;
import org.tokenauth.servlet.internal.PythonText;
import org.tokenauth.servlet.internal.RawValue;
import org.tokenauth.servlet.internal.RequestBodies;

/**
 * Django REST Framework's {@code obtain_auth_token} view as a servlet: {@code POST} a username
 * and password, get the user's token, the same one on every call.
 *
 * <p>Answers exactly as DRF 3.14's {@code ObtainAuthToken} does:
 * <ul>
 *   <li>{@code POST} with a JSON, form-urlencoded or multipart body: 200
 *       {@code {"token":"<key>"}} with {@code Cache-Control: no-store}; 400 with field errors
 *       ({@code {"username":["This field is required."]}}, "may not be blank", "may not be null",
 *       "Not a valid string.") or {@code {"non_field_errors":["Unable to log in with provided
 *       credentials."]}} for a wrong password, an unknown user and an inactive user alike; 400
 *       {@code {"detail":"JSON parse error - …"}} for malformed JSON; 415 for another media type;
 *       413 for a body over the {@linkplain Builder#maxBodyBytes limit};
 *   <li>{@code OPTIONS}: 200 with DRF's metadata for this view;
 *   <li>any other method: 405 {@code {"detail":"Method \"GET\" not allowed."}}.
 * </ul>
 * Every answer carries {@code Allow: POST, OPTIONS}, as DRF's do. The username is trimmed of
 * whitespace (Python's {@code str.strip()}); the password never is. A request whose
 * {@code Accept} header excludes JSON gets DRF's 406. A failing store or verifier answers 503
 * with a JSON body and {@code Retry-After}.
 *
 * <p>Login attempts are throttled, as DRF's throttles do it but on by default: per client address
 * (default {@code 30/minute}; the address is the peer's, or taken from
 * {@code X-Forwarded-For} only behind a {@linkplain Builder#trustedProxies listed proxy}) and per
 * username (default {@code 10/minute}, forgotten on a successful login),
 * answered 429 {@code {"detail":"Request was throttled. Expected available in 42 seconds."}} with
 * {@code Retry-After: 42}. Password verifications, for all clients together, are limited to a
 * {@linkplain Builder#verificationBudget budget} (by default 30 a minute per processor): a login
 * that finds it spent is answered 503 before any hashing. At most
 * {@linkplain Builder#maxConcurrentVerifications one verification per processor} runs at once; a
 * login that finds no slot free within {@linkplain Builder#verificationWait 2 seconds} is answered
 * 503 too.
 *
 * <p>Registered in code:
 * <pre>{@code
 * ObtainTokenServlet servlet = ObtainTokenServlet.builder(tokenService, verifier).build();
 * ServletRegistration.Dynamic reg = ctx.addServlet("obtainToken", servlet);
 * reg.addMapping("/api-token-auth/");
 * reg.setMultipartConfig(servlet.multipartConfig()); // for multipart bodies
 * }</pre>
 * In {@code web.xml}: the public no-arg constructor; init-params {@code max-body-bytes} (default
 * 65536), {@code include-expiry} ({@code true|false}, default {@code false}),
 * {@code token-store-class} and {@code credentials-verifier-class} (classes with public
 * no-arg constructors), or else the {@link TokenAuthContext} attributes; and a
 * {@code <multipart-config>} element for multipart bodies. An unknown init-param or a bad value
 * fails {@code init} with a {@link ServletException} naming each one.
 *
 * <p>Thread-safe; holds no static state.
 *
 * @since 0.1
 */
public final class ObtainTokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The default body size limit: 64 KiB, ample for a username and a password. */
    public static final int DEFAULT_MAX_BODY_BYTES = 65536;

    static final String ALLOW = "POST, OPTIONS";
    static final String BAD_CREDENTIALS = "Unable to log in with provided credentials.";
    static final String NON_FIELD_ERRORS = "non_field_errors";
    static final int TOO_MANY_REQUESTS = 429;

    private static final System.Logger LOG = System.getLogger(ObtainTokenServlet.class.getName());

    private static final String MAX_BODY_BYTES = "max-body-bytes";
    private static final String INCLUDE_EXPIRY = "include-expiry";
    private static final String TOKEN_STORE_CLASS = "token-store-class";
    private static final String CREDENTIALS_VERIFIER_CLASS = "credentials-verifier-class";
    private static final String OUTAGE_LOG_INTERVAL = "outage-log-interval-seconds";
    private static final String USERNAME_RATE = "throttle-username-rate";
    private static final String ADDRESS_RATE = "throttle-address-rate";
    private static final String TRUSTED_PROXIES = "trusted-proxies";
    private static final String MAX_VERIFICATIONS = "max-concurrent-verifications";
    private static final String VERIFICATION_WAIT = "verification-wait-millis";
    private static final String VERIFICATION_BUDGET = "verification-budget";
    private static final String VERIFICATION_BURST = "verification-burst";
    private static final String DEFAULT_SCOPES = "default-scopes";
    private static final Set<String> INIT_PARAMS = Set.of(MAX_BODY_BYTES, INCLUDE_EXPIRY, TOKEN_STORE_CLASS,
            CREDENTIALS_VERIFIER_CLASS, OUTAGE_LOG_INTERVAL, USERNAME_RATE, ADDRESS_RATE, TRUSTED_PROXIES,
            MAX_VERIFICATIONS, VERIFICATION_WAIT, VERIFICATION_BUDGET, VERIFICATION_BURST, DEFAULT_SCOPES);

    private final transient JsonResponses json = new JsonResponses();
    private transient volatile Settings settings;

    /** Creates a servlet that takes its configuration from {@code web.xml} in {@code init}. */
    public ObtainTokenServlet() {
    }

    private ObtainTokenServlet(TokenService tokens, CredentialsVerifier verifier, int maxBodyBytes, boolean includeExpiry,
            Duration outageLogInterval, LoginLimits limits, Set<String> defaultScopes) {
        this.settings = new Settings(tokens, verifier, maxBodyBytes, includeExpiry, json, outageLog(outageLogInterval), limits,
                defaultScopes);
    }

    /** Checks scopes for a token; a store without details cannot keep them. */
    static Set<String> requireScopes(TokenService tokens, java.util.Collection<String> scopes) {
        Set<String> checked = Set.copyOf(TokenScopes.requireValid(scopes));
        if (!checked.isEmpty() && !tokens.store().keepsDetails()) {
            throw new IllegalStateException(tokens.store() + " keeps no scopes (Django REST Framework's table): "
                    + "default scopes need a store on tokenauth_token");
        }
        return checked;
    }

    private static OutageLog outageLog(Duration interval) {
        return new OutageLog(LOG, interval, Clock.systemUTC());
    }

    /**
     * Returns a builder for a servlet registered in code.
     *
     * @param tokens   issues tokens (get-or-create)
     * @param verifier checks usernames and passwords, e.g. a
     *                 {@link org.tokenauth.core.PasswordCredentialsVerifier}
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Builder builder(TokenService tokens, CredentialsVerifier verifier) {
        return new Builder(tokens, verifier);
    }

    /**
     * Returns the multipart configuration this servlet needs for {@code multipart/form-data}
     * bodies, sized to its body limit: pass it to
     * {@code ServletRegistration.Dynamic.setMultipartConfig} when registering in code.
     *
     * @return a new configuration that keeps parts in memory
     * @throws IllegalStateException if a servlet declared in {@code web.xml} is not initialized yet
     */
    public MultipartConfigElement multipartConfig() {
        Settings current = requireSettings();
        return new MultipartConfigElement(null, current.maxBodyBytes, current.maxBodyBytes, current.maxBodyBytes);
    }

    /**
     * Reads the init-params and collaborators of a servlet declared in {@code web.xml}; does
     * nothing more for a servlet made by the {@link #builder}.
     *
     * @throws ServletException naming every unknown init-param, bad value and missing collaborator
     */
    @Override
    public void init() throws ServletException {
        if (settings != null) {
            return;
        }
        ServletConfig config = getServletConfig();
        InitParams params = new InitParams("ObtainTokenServlet '" + config.getServletName() + "'",
                config.getInitParameterNames(), config::getInitParameter, INIT_PARAMS);
        int maxBodyBytes = params.positiveInt(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES);
        boolean includeExpiry = params.bool(INCLUDE_EXPIRY, false);
        int outageLogSeconds = params.positiveInt(OUTAGE_LOG_INTERVAL, (int) OutageLog.DEFAULT_INTERVAL.toSeconds(), "seconds");
        Optional<LoginRate> usernameRate = params.parsed(USERNAME_RATE, LoginRate.parse(LoginLimits.DEFAULT_USERNAME_RATE), LoginRate::parse);
        Optional<LoginRate> addressRate = params.parsed(ADDRESS_RATE, LoginRate.parse(LoginLimits.DEFAULT_ADDRESS_RATE), LoginRate::parse);
        TrustedProxies proxies = params.parsed(TRUSTED_PROXIES, TrustedProxies.none(), list -> TrustedProxies.of(TrustedProxies.split(list)));
        int maxVerifications = params.positiveInt(MAX_VERIFICATIONS, LoginLimits.defaultVerifications(), "verifications");
        int waitMillis = params.positiveInt(VERIFICATION_WAIT, (int) LoginLimits.DEFAULT_VERIFICATION_WAIT.toMillis(), "milliseconds");
        Optional<LoginRate> budget = params.parsed(VERIFICATION_BUDGET, Optional.of(VerificationBudget.defaultRate()),
                LoginRate::parse);
        OptionalInt burst = params.get(VERIFICATION_BURST) == null ? OptionalInt.empty()
                : OptionalInt.of(params.positiveInt(VERIFICATION_BURST, 1, "verifications"));
        TokenStore store = params.collaborator(TokenStore.class, TOKEN_STORE_CLASS,
                config.getServletContext(), TokenAuthContext.TOKEN_STORE);
        CredentialsVerifier verifier = params.collaborator(CredentialsVerifier.class, CREDENTIALS_VERIFIER_CLASS,
                config.getServletContext(), TokenAuthContext.CREDENTIALS_VERIFIER);
        List<String> scopeList = params.parsed(DEFAULT_SCOPES, List.of(), TokenScopes::split);
        params.throwIfInvalid();
        TokenService tokens = TokenAuthContext.tokenService(config.getServletContext(), store, params.get(TOKEN_STORE_CLASS) != null);
        Set<String> defaultScopes;
        try {
            defaultScopes = requireScopes(tokens, scopeList);
        } catch (IllegalArgumentException | IllegalStateException e) {
            params.problem(DEFAULT_SCOPES, e.getMessage());
            params.throwIfInvalid();
            return;
        }
        settings = new Settings(tokens, verifier, maxBodyBytes, includeExpiry, json,
                outageLog(Duration.ofSeconds(outageLogSeconds)), new LoginLimits(usernameRate, addressRate, proxies,
                        maxVerifications, Duration.ofMillis(waitMillis), budget, burst, Clock.systemUTC()), defaultScopes);
    }

    private Settings requireSettings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("ObtainTokenServlet used before init()");
        }
        return current;
    }

    /** Dispatches as DRF's {@code APIView}: content negotiation first, then the method. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings current = requireSettings();
        response.setHeader("Allow", ALLOW);
        if (!Accept.allowsJson(request.getHeader("Accept"))) {
            JsonResponses.send(request, response, HttpServletResponse.SC_NOT_ACCEPTABLE, current.notAcceptable);
            return;
        }
        // Django upper-cases the method, so "post" is POST.
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (method.equals("POST")) {
            post(current, request, response);
        } else if (method.equals("OPTIONS")) {
            JsonResponses.send(request, response, HttpServletResponse.SC_OK, current.metadata);
        } else {
            JsonResponses.send(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    json.detail("Method \"" + method + "\" not allowed."));
        }
    }

    private void post(Settings current, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (throttled(current.limits.attemptFromAddress(request), request, response)) {
            return;
        }
        ParsedBody body = current.bodies.parse(request);
        if (body instanceof ParsedBody.Refusal refusal) {
            JsonResponses.send(request, response, refusal.status(), json.json(refusal.body()));
        } else {
            login(current, (ParsedBody.Data) body, request, response);
        }
    }

    private void login(Settings current, ParsedBody.Data fields, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String username = CharField.validate("username", fields.get("username"), true, errors);
        String password = CharField.validate("password", fields.get("password"), false, errors);
        if (!errors.isEmpty()) {
            badRequest(request, response, json.json(errors));
            return;
        }
        if (throttled(current.limits.attemptFor(username), request, response)) {
            return;
        }
        IssuedToken token;
        try {
            Optional<IssuedToken> issued = current.login.login(username, password,
                    current.limits.clientAddress(request), current.defaultScopes);
            current.outages.succeeded();
            if (issued.isEmpty()) {
                badRequest(request, response, current.badCredentials);
                return;
            }
            token = issued.get();
            current.limits.loggedIn(username);
        } catch (LoginLimits.Busy busy) {
            response.setHeader("Retry-After", Long.toString(busy.retryAfterSeconds));
            JsonResponses.send(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, current.busy);
            return;
        } catch (RuntimeException storageFailure) {
            json.sendUnavailable(request, response, current.outages, "Obtaining a token at " + request.getRequestURI(), storageFailure);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.key());
        if (current.includeExpiry) {
            body.put("expiry", current.tokens.expiryOf(token.token()).map(Instant::toString).orElse(null));
        }
        JsonResponses.send(request, response, HttpServletResponse.SC_OK, json.json(body));
    }

    /**
     * Answers DRF's {@code Throttled}: 429, {@code Retry-After} and its message, "second" for 1
     * (DRF's {@code ngettext}).
     *
     * @return whether {@code waitSeconds} was present, and so answered
     */
    private boolean throttled(OptionalLong waitSeconds, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (waitSeconds.isEmpty()) {
            return false;
        }
        long wait = waitSeconds.getAsLong();
        response.setHeader("Retry-After", Long.toString(wait));
        JsonResponses.send(request, response, TOO_MANY_REQUESTS, json.detail(
                "Request was throttled. Expected available in " + wait + (wait == 1 ? " second." : " seconds.")));
        return true;
    }

    private static void badRequest(HttpServletRequest request, HttpServletResponse response, byte[] body)
            throws IOException {
        JsonResponses.send(request, response, HttpServletResponse.SC_BAD_REQUEST, body);
    }

    @Override
    public String toString() {
        Settings current = settings;
        return current == null ? "ObtainTokenServlet[not initialized]"
                : "ObtainTokenServlet[maxBodyBytes=" + current.maxBodyBytes + ", store=" + current.tokens.store()
                        + ", " + current.limits + "]";
    }

    /** DRF's {@code CharField} rules for {@code username} and {@code password}. */
    static final class CharField {

        private CharField() {
        }

        /**
         * @return the validated value, or {@code null} after adding the field's errors
         */
        static String validate(String name, RawValue raw, boolean trim, Map<String, List<String>> errors) {
            List<String> messages = new ArrayList<>(2);
            String value = null;
            switch (raw.kind()) {
                case ABSENT -> messages.add("This field is required.");
                case NULL -> messages.add("This field may not be null.");
                case NOT_A_STRING -> messages.add("Not a valid string.");
                case STRING -> {
                    value = trim ? PythonText.strip(raw.text()) : raw.text();
                    if (value.isEmpty()) {
                        messages.add("This field may not be blank.");
                    } else {
                        if (value.indexOf('\0') >= 0) {
                            messages.add("Null characters are not allowed.");
                        }
                        int surrogate = PythonText.loneSurrogate(value);
                        if (surrogate >= 0) {
                            messages.add(String.format("Surrogate characters are not allowed: U+%X.", surrogate));
                        }
                    }
                }
            }
            if (messages.isEmpty()) {
                return value;
            }
            errors.put(name, messages);
            return null;
        }
    }

    /** Everything a request needs, fixed at construction or init, with the constant bodies made once. */
    private static final class Settings {

        final TokenService tokens;
        final TokenLogin login;
        final int maxBodyBytes;
        final boolean includeExpiry;
        final RequestBodies bodies;
        final byte[] badCredentials;
        final byte[] notAcceptable;
        final byte[] metadata;
        final OutageLog outages;
        final LoginLimits limits;
        final byte[] busy;
        final Set<String> defaultScopes;

        Settings(TokenService tokens, CredentialsVerifier verifier, int maxBodyBytes, boolean includeExpiry, JsonResponses json,
                OutageLog outages, LoginLimits limits, Set<String> defaultScopes) {
            this.defaultScopes = defaultScopes;
            this.outages = outages;
            this.limits = limits;
            this.busy = json.detail(JsonResponses.UNAVAILABLE_DETAIL);
            this.tokens = tokens;
            this.login = new TokenLogin(limits.bounded(verifier), tokens);
            this.maxBodyBytes = maxBodyBytes;
            this.includeExpiry = includeExpiry;
            this.bodies = new RequestBodies(json.mapper(), maxBodyBytes);
            this.badCredentials = json.json(Map.of(NON_FIELD_ERRORS, List.of(BAD_CREDENTIALS)));
            this.notAcceptable = json.detail("Could not satisfy the request Accept header.");
            this.metadata = json.json(Metadata.OBTAIN_AUTH_TOKEN);
        }
    }

    /**
     * Configures an {@link ObtainTokenServlet} registered in code.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final TokenService tokens;
        private final CredentialsVerifier verifier;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean includeExpiry;
        private Duration outageLogInterval = OutageLog.DEFAULT_INTERVAL;
        private Optional<LoginRate> usernameRate = LoginRate.parse(LoginLimits.DEFAULT_USERNAME_RATE);
        private Optional<LoginRate> addressRate = LoginRate.parse(LoginLimits.DEFAULT_ADDRESS_RATE);
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private int maxConcurrentVerifications = LoginLimits.defaultVerifications();
        private Duration verificationWait = LoginLimits.DEFAULT_VERIFICATION_WAIT;
        private Optional<LoginRate> verificationBudget = Optional.of(VerificationBudget.defaultRate());
        private OptionalInt verificationBurst = OptionalInt.empty();
        private Clock clock = Clock.systemUTC();
        private Set<String> defaultScopes = Set.of();

        private Builder(TokenService tokens, CredentialsVerifier verifier) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            this.verifier = Objects.requireNonNull(verifier, "verifier");
        }

        /**
         * Sets the largest request body accepted, in bytes; a larger one gets 413 without being
         * read (when it declares its length) or as soon as the limit is passed; default 65536.
         *
         * @param maxBodyBytes the limit in bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code maxBodyBytes} is not positive
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes <= 0) {
                throw new IllegalArgumentException("maxBodyBytes must be positive, but was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Sets whether the answer also says when the token expires, as django-rest-knox's does:
         * {@code {"token":"…","expiry":"2026-12-01T08:00:00Z"}} (ISO-8601 in UTC, {@code null} for
         * a token that never expires). Off by default: DRF's body is {@code {"token":"…"}} alone.
         *
         * @param include whether to add {@code expiry}
         * @return this builder
         */
        public Builder includeExpiry(boolean include) {
            this.includeExpiry = include;
            return this;
        }

        /**
         * Sets how often a lasting storage outage is reported in the log: the first failure is
         * logged in full, then a count of the failures since at most once per interval, then one
         * line when a login reaches storage again; default 60 seconds ({@code web.xml}:
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
         * Sets how many login attempts one username gets, in DRF's {@code DEFAULT_THROTTLE_RATES}
         * syntax: {@code "10/minute"} (the default), {@code "100/hour"}, or {@code "none"}. Counted
         * over a sliding window, case-insensitively, whatever the outcome; a successful login
         * clears its username's count, so only an attacker without the password stays locked
         * out, and the owner too while the attack lasts ({@code web.xml}:
         * {@code throttle-username-rate}). An attempt over the rate is answered 429 and not
         * counted.
         *
         * @param rate attempts per {@code second}, {@code minute}, {@code hour} or {@code day}, or {@code "none"}
         * @return this builder
         * @throws IllegalArgumentException if {@code rate} is neither
         */
        public Builder usernameRate(String rate) {
            this.usernameRate = parseRate("usernameRate", rate);
            return this;
        }

        /**
         * Sets how many login requests one client address gets, in the syntax of
         * {@link #usernameRate}: default {@code "30/minute"} ({@code web.xml}:
         * {@code throttle-address-rate}). Every {@code POST} counts, whatever its outcome, as DRF
         * counts every request; a successful login does not clear it, or an attacker with an
         * account of their own could clear it between guesses. An IPv6 client counts by its /64.
         *
         * @param rate attempts per {@code second}, {@code minute}, {@code hour} or {@code day}, or {@code "none"}
         * @return this builder
         * @throws IllegalArgumentException if {@code rate} is neither
         */
        public Builder addressRate(String rate) {
            this.addressRate = parseRate("addressRate", rate);
            return this;
        }

        private static Optional<LoginRate> parseRate(String name, String rate) {
            Objects.requireNonNull(rate, name);
            try {
                return LoginRate.parse(rate);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " " + e.getMessage(), e);
            }
        }

        /**
         * Sets the reverse proxies whose {@code X-Forwarded-For} is believed, as IP addresses or
         * CIDR blocks ({@code "10.0.0.0/8"}, {@code "2001:db8::/32"}); none by default, so the
         * client address is the peer's ({@code getRemoteAddr()}) and the header is ignored. When
         * the peer is listed, the client is the rightmost address of the header that is not
         * listed ({@code web.xml}: {@code trusted-proxies}, separated by commas or spaces).
         *
         * @param addressesOrBlocks the proxies; none to trust none
         * @return this builder
         * @throws IllegalArgumentException if an entry is not an IP address or CIDR block (host
         *         names are not resolved)
         */
        public Builder trustedProxies(String... addressesOrBlocks) {
            try {
                this.trustedProxies = TrustedProxies.of(List.of(addressesOrBlocks));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trustedProxies " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Sets how many password verifications may run at once; default one per available
         * processor, since each keeps one busy for its whole length ({@code web.xml}:
         * {@code max-concurrent-verifications}). More logins wait, up to the
         * {@linkplain #verificationWait wait}.
         *
         * @param max the verifications at once
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is not positive
         */
        public Builder maxConcurrentVerifications(int max) {
            this.maxConcurrentVerifications = LoginLimits.requireVerifications(max);
            return this;
        }

        /**
         * Sets how long a login waits for its turn to verify a password; default 2 seconds. One
         * that waits in vain is answered 503 {@code {"detail":"Service temporarily unavailable,
         * try again later."}} with {@code Retry-After: 5}, so that a login flood holds few
         * container threads ({@code web.xml}: {@code verification-wait-millis}).
         *
         * @param wait the longest wait
         * @return this builder
         * @throws IllegalArgumentException if {@code wait} is not positive
         */
        public Builder verificationWait(Duration wait) {
            this.verificationWait = LoginLimits.requireWait(wait);
            return this;
        }

        /**
         * Sets how many password verifications this servlet starts, for all clients together, in
         * the syntax of {@link #usernameRate}: a token bucket that fills at this rate and holds
         * a minute's worth unless {@linkplain #verificationBurst told otherwise}. Default: 30 a
         * minute per available processor ({@code "60/minute"} on two): a verification is a
         * password hash, about 0.27 s of one core with Django's PBKDF2, so this keeps hashing
         * at about 14 % of the machine however many addresses a flood comes from, which the
         * per-address throttle alone cannot. A login that finds the budget spent is answered 503
         * {@code {"detail":"Service temporarily unavailable, try again later."}} before any
         * hashing, as when no {@linkplain #maxConcurrentVerifications slot} comes free: the
         * server is out of capacity, whoever asked, so not DRF's 429, which tells a client it sent
         * too much. {@code Retry-After} says 5 seconds, or when the bucket has a verification again
         * if that is later. An unknown username costs the budget what a known one does
         * ({@code web.xml}: {@code verification-budget}). {@code "none"} turns the budget off.
         *
         * @param rate verifications per {@code second}, {@code minute}, {@code hour} or {@code day}, or {@code "none"}
         * @return this builder
         * @throws IllegalArgumentException if {@code rate} is neither
         */
        public Builder verificationBudget(String rate) {
            this.verificationBudget = parseRate("verificationBudget", rate);
            return this;
        }

        /**
         * Sets how many verifications the {@linkplain #verificationBudget budget} holds: how many
         * may start at once after a quiet spell; default what its rate allows in a minute
         * ({@code web.xml}: {@code verification-burst}).
         *
         * @param burst the bucket's size
         * @return this builder
         * @throws IllegalArgumentException if {@code burst} is not positive
         */
        public Builder verificationBurst(int burst) {
            this.verificationBurst = OptionalInt.of(VerificationBudget.requireBurst(burst));
            return this;
        }

        /**
         * Sets the scopes of the tokens this endpoint issues; none by default ({@code web.xml}:
         * {@code default-scopes}, separated by spaces or commas). With one token per user in DRF
         * mode, a user's existing token keeps the scopes it was issued with.
         *
         * @param scopes the scopes, each one word without whitespace
         * @return this builder
         * @throws IllegalArgumentException if a scope is blank or holds whitespace
         * @throws IllegalStateException    if the store keeps no scopes (DRF's {@code authtoken_token})
         */
        public Builder defaultScopes(String... scopes) {
            this.defaultScopes = requireScopes(tokens, List.of(scopes));
            return this;
        }

        /** Sets the clock the throttle counts by; tests move one by hand. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the servlet. The builder can be used again afterwards.
         *
         * @return a configured servlet, ready for {@code ServletContext.addServlet}
         */
        public ObtainTokenServlet build() {
            return new ObtainTokenServlet(tokens, verifier, maxBodyBytes, includeExpiry, outageLogInterval,
                    new LoginLimits(usernameRate, addressRate, trustedProxies, maxConcurrentVerifications,
                            verificationWait, verificationBudget, verificationBurst, clock), defaultScopes);
        }
    }
}
