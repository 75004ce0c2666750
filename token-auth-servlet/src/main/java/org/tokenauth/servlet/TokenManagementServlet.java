package org.tokenauth.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenCheck;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.servlet.internal.Accept;
import org.tokenauth.servlet.internal.ParsedBody;
import org.tokenauth.servlet.internal.PythonText;
import org.tokenauth.servlet.internal.RawValue;
import org.tokenauth.servlet.internal.RequestBodies;

/**
 * A user's management of their own tokens, as ready endpoints: logout, logout everywhere, list,
 * create a named token, revoke one by id, and revoke by key as RFC 7009 has it. Each servlet does
 * one {@link Action}, on a path of the application's choosing, behind a
 * {@link TokenAuthenticationFilter}: it reads the request's {@link Token} (the
 * {@value TokenAuthenticationFilter#TOKEN_ATTRIBUTE} attribute) and acts on its owner's tokens
 * only. Without one it answers 401, worded as the filter words its own.
 *
 * <p>Every answer is compact JSON (or none, 204) with {@code Cache-Control: no-store}:
 * <ul>
 *   <li>{@link Action#LOGOUT}: {@code POST} revokes the token that made the request: 204;
 *   <li>{@link Action#LOGOUT_ALL}: {@code POST} revokes every token of its owner: 204;
 *   <li>{@link Action#TOKENS}, mapped to {@code /prefix/*}: {@code GET /prefix/} lists the owner's
 *       tokens, most recently used first, as {@code [{"id","name","created","expires","last_used",
 *       "scopes","current"}]}, never a key or digest; {@code POST /prefix/} with {@code name},
 *       optional {@code scopes} and {@code expires_in} creates a token: 201 with the same fields
 *       plus {@code token}, the key, shown this once; {@code DELETE /prefix/<id>/} revokes one by
 *       its {@linkplain Token#id() id}: 204, or 404 {@code {"detail":"Not found."}} for an unknown
 *       id, a revoked one, or another user's;
 *   <li>{@link Action#REVOKE}: {@code POST token=<key>} (form or JSON; {@code token_type_hint}
 *       ignored) revokes that key if it is one of the caller's: 200 with no body whether or not it
 *       was (RFC 7009 §2.2), 400 {@code {"token":["This field is required."]}} without one.
 * </ul>
 * A new token's {@code name} is required, at most 100 characters. Its {@code scopes} (a JSON list
 * of strings, or one string of space-separated scopes) must be among the
 * {@linkplain Builder#knownScopes known scopes} when some are configured, and among the requesting
 * token's own: a token cannot grant more than it holds. None given, none granted. Its
 * {@code expires_in} is a whole number of seconds, at least 1 and at most the service's time to
 * live (one year without one); none given, the service's time to live. Field errors are DRF's:
 * 400 {@code {"name":["This field may not be blank."]}}.
 *
 * <p>With one token per user (Django REST Framework's policy), logout-all revokes that one token,
 * the list has one row, and {@code POST} to the list is refused as a method the endpoint does not
 * have, 405 {@code {"detail":"Method \"POST\" not allowed."}}: DRF's table keeps no name or scopes,
 * and a second token would replace the first. A failing store answers 503 as the filter does.
 *
 * <p>A logout-all and a creation for the same user exclude each other within this JVM, so no token
 * created before a logout-all outlives it; across several instances, a creation that races a
 * logout-all on another instance may survive it.
 *
 * <p>Registered in code:
 * <pre>{@code
 * ctx.addServlet("logout", TokenManagementServlet.builder(tokens, Action.LOGOUT).build())
 *    .addMapping("/accounts/logout/");
 * ctx.addServlet("tokens", TokenManagementServlet.builder(tokens, Action.TOKENS).knownScopes("polls:read").build())
 *    .addMapping("/accounts/tokens/*");
 * }</pre>
 * In {@code web.xml}: the public no-arg constructor; init-params {@code action} ({@code logout},
 * {@code logout-all}, {@code tokens} or {@code revoke}; required), {@code known-scopes} (separated by
 * spaces or commas), {@code max-body-bytes} (default 65536) and {@code token-store-class}, or else
 * the {@link TokenAuthContext} attributes. An unknown init-param or a bad value fails {@code init}
 * with a {@link ServletException} naming each one.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class TokenManagementServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The longest {@code expires_in} of a service whose tokens do not expire: one year, in seconds. */
    public static final long MAX_EXPIRES_IN = 365L * 24 * 60 * 60;

    /** The longest token name: {@code tokenauth_token.name}'s length. */
    public static final int MAX_NAME_LENGTH = 100;

    /** What one servlet does. */
    public enum Action {
        /** {@code POST}: revoke the token that made the request. */
        LOGOUT("logout", "POST, OPTIONS"),
        /** {@code POST}: revoke every token of the caller. */
        LOGOUT_ALL("logout-all", "POST, OPTIONS"),
        /** {@code GET} list, {@code POST} create, {@code DELETE <id>/} revoke one: map to {@code /prefix/*}. */
        TOKENS("tokens", "GET, POST, HEAD, OPTIONS"),
        /** {@code POST token=<key>}: RFC 7009 revocation of one of the caller's keys. */
        REVOKE("revoke", "POST, OPTIONS");

        private final String param;
        private final String allow;

        Action(String param, String allow) {
            this.param = param;
            this.allow = allow;
        }

        static Action parse(String value) {
            for (Action action : values()) {
                if (action.param.equalsIgnoreCase(value.strip())) {
                    return action;
                }
            }
            throw new IllegalArgumentException("must be logout, logout-all, tokens or revoke, but was '" + value + "'");
        }
    }

    static final String NOT_FOUND = "Not found.";
    private static final String ITEM_ALLOW = "DELETE, OPTIONS";
    private static final String LIST_ONLY_ALLOW = "GET, HEAD, OPTIONS";
    private static final Pattern TOKEN_ID = Pattern.compile("/([0-9a-f]{16})/?");
    private static final Pattern DECIMAL_ZEROS = Pattern.compile("\\.0*\\s*$");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private static final System.Logger LOG = System.getLogger(TokenManagementServlet.class.getName());

    private static final String ACTION = "action";
    private static final String KNOWN_SCOPES = "known-scopes";
    private static final String MAX_BODY_BYTES = "max-body-bytes";
    private static final String TOKEN_STORE_CLASS = "token-store-class";
    private static final Set<String> INIT_PARAMS = Set.of(ACTION, KNOWN_SCOPES, MAX_BODY_BYTES, TOKEN_STORE_CLASS);

    /**
     * A logout-all takes its user's write lock, a creation the read lock around taking its time
     * and storing its token: so every token created before a logout-all is stored before it deletes.
     * Shared by every servlet of this class loader (the logout-all and the list are two servlets).
     */
    private static final ReadWriteLock[] USER_LOCKS = new ReadWriteLock[256];

    static {
        for (int i = 0; i < USER_LOCKS.length; i++) {
            USER_LOCKS[i] = new ReentrantReadWriteLock();
        }
    }

    private final transient JsonResponses json = new JsonResponses();
    private transient volatile Settings settings;

    /** Creates a servlet that takes its configuration from {@code web.xml} in {@code init}. */
    public TokenManagementServlet() {
    }

    private TokenManagementServlet(Settings settings) {
        this.settings = settings;
    }

    /**
     * Returns a builder for a servlet registered in code.
     *
     * @param tokens the token policy and store, the one the filter checks keys with
     * @param action what the servlet does
     * @return a new builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Builder builder(TokenService tokens, Action action) {
        return new Builder(tokens, action);
    }

    /**
     * Reads the init-params and collaborators of a servlet declared in {@code web.xml}; does
     * nothing for a servlet made by the {@link #builder}.
     *
     * @throws ServletException naming every unknown init-param, bad value and missing collaborator
     */
    @Override
    public void init() throws ServletException {
        if (settings != null) {
            return;
        }
        ServletConfig config = getServletConfig();
        InitParams params = new InitParams("TokenManagementServlet '" + config.getServletName() + "'",
                config.getInitParameterNames(), config::getInitParameter, INIT_PARAMS);
        Action action = params.parsed(ACTION, null, Action::parse);
        if (action == null && params.get(ACTION) == null) {
            params.problem(ACTION, "is required: logout, logout-all, tokens or revoke");
        }
        List<String> known = params.parsed(KNOWN_SCOPES, null, value -> List.copyOf(TokenScopes.requireValid(TokenScopes.split(value))));
        int maxBodyBytes = params.positiveInt(MAX_BODY_BYTES, ObtainTokenServlet.DEFAULT_MAX_BODY_BYTES);
        TokenStore store = params.collaborator(TokenStore.class, TOKEN_STORE_CLASS, config.getServletContext(),
                TokenAuthContext.TOKEN_STORE);
        params.throwIfInvalid();
        TokenService tokens = TokenAuthContext.tokenService(config.getServletContext(), store, params.get(TOKEN_STORE_CLASS) != null);
        settings = new Settings(tokens, action, known == null ? null : Set.copyOf(known), maxBodyBytes, json);
    }

    private Settings requireSettings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("TokenManagementServlet used before init()");
        }
        return current;
    }

    /** Dispatches as DRF's {@code APIView}: content negotiation, authentication, then the method. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings current = requireSettings();
        response.setHeader("Cache-Control", "no-store");
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String item = current.action == Action.TOKENS ? itemPath(request) : null;
        String allow = item != null ? ITEM_ALLOW
                : current.action == Action.TOKENS && current.onePerUser ? LIST_ONLY_ALLOW : current.action.allow;
        response.setHeader("Allow", allow);
        if (!Accept.allowsJson(request.getHeader("Accept"))) {
            JsonResponses.send(request, response, HttpServletResponse.SC_NOT_ACCEPTABLE,
                    json.detail("Could not satisfy the request Accept header."));
            return;
        }
        if (!(request.getAttribute(TokenAuthenticationFilter.TOKEN_ATTRIBUTE) instanceof Token token)
                || request.getUserPrincipal() == null) {
            if (request.getAttribute(TokenAuthenticationFilter.REFUSALS_ATTRIBUTE) instanceof TokenAuthenticationFilter.Settings filter) {
                filter.notProvided(request, response);
            } else {
                response.setHeader("WWW-Authenticate", org.tokenauth.core.TokenAuthenticator.DEFAULT_KEYWORD);
                JsonResponses.send(request, response, HttpServletResponse.SC_UNAUTHORIZED,
                        json.detail(TokenAuthenticationFilter.NOT_PROVIDED));
            }
            return;
        }
        if (method.equals("OPTIONS")) {
            JsonResponses.send(request, response, HttpServletResponse.SC_OK, current.metadata);
            return;
        }
        boolean allowed = item != null ? method.equals("DELETE")
                : current.action == Action.TOKENS ? method.equals("GET") || method.equals("HEAD")
                        || method.equals("POST") && !current.onePerUser
                : method.equals("POST");
        if (!allowed) {
            JsonResponses.send(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    json.detail("Method \"" + method + "\" not allowed."));
            return;
        }
        try {
            if (item != null) {
                revokeById(current, token, item, request, response);
            } else {
                switch (current.action) {
                    case LOGOUT -> {
                        current.tokens.revoke(token);
                        noContent(request, response);
                    }
                    case LOGOUT_ALL -> logoutAll(current, token, request, response);
                    case TOKENS -> {
                        if (method.equals("POST")) {
                            create(current, token, request, response);
                        } else {
                            list(current, token, request, response);
                        }
                    }
                    case REVOKE -> revokeByKey(current, token, request, response);
                }
            }
        } catch (RuntimeException storageFailure) {
            json.sendUnavailable(request, response, current.outages, "Token management (" + current.action + ") at "
                    + request.getRequestURI(), storageFailure);
            return;
        }
        current.outages.succeeded();
    }

    /**
     * @return the id of {@code /<id>/} under the servlet's mapping; {@code ""} for another path
     *         below it (an unknown item); {@code null} for the list itself
     */
    private static String itemPath(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return null;
        }
        java.util.regex.Matcher id = TOKEN_ID.matcher(info);
        return id.matches() ? id.group(1) : "";
    }

    private static void noContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        KeepAlive.settleBody(request, response);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static Lock lockOf(String userId, boolean exclusive) {
        ReadWriteLock lock = USER_LOCKS[Math.floorMod(userId.hashCode(), USER_LOCKS.length)];
        return exclusive ? lock.writeLock() : lock.readLock();
    }

    private static void logoutAll(Settings current, Token token, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Lock lock = lockOf(token.userId(), true);
        lock.lock();
        try {
            current.tokens.revokeAllOf(token.userId());
        } finally {
            lock.unlock();
        }
        noContent(request, response);
    }

    private void list(Settings current, Token token, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        List<Token> all = new ArrayList<>(current.tokens.tokensOf(token.userId()));
        all.sort(TokenStore.MOST_RECENTLY_USED_FIRST);
        List<Map<String, Object>> rows = new ArrayList<>(all.size());
        String currentId = token.id();
        for (Token each : all) {
            rows.add(row(current, each, each.id().equals(currentId)));
        }
        JsonResponses.send(request, response, HttpServletResponse.SC_OK, json.json(rows));
    }

    private static Map<String, Object> row(Settings current, Token token, boolean isCurrent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", token.id());
        row.put("name", token.name());
        row.put("created", drfTime(token.created()));
        row.put("expires", current.tokens.expiryOf(token).map(TokenManagementServlet::drfTime).orElse(null));
        row.put("last_used", token.lastUsed().map(TokenManagementServlet::drfTime).orElse(null));
        row.put("scopes", List.copyOf(token.scopes()));
        row.put("current", isCurrent);
        return row;
    }

    /** DRF's {@code DateTimeField} in UTC: {@code 2026-11-30T08:00:00.123456Z}, microseconds only when there are some. */
    static String drfTime(Instant instant) {
        OffsetDateTime utc = instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        return (utc.getNano() == 0 ? SECONDS : MICROS).format(utc);
    }

    private void create(Settings current, Token caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ParsedBody body = current.bodies.parse(request);
        if (body instanceof ParsedBody.Refusal refusal) {
            JsonResponses.send(request, response, refusal.status(), json.json(refusal.body()));
            return;
        }
        ParsedBody.Data data = (ParsedBody.Data) body;
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String name = ObtainTokenServlet.CharField.validate("name", data.get("name"), true, errors);
        if (name != null && name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            errors.put("name", List.of("Ensure this field has no more than " + MAX_NAME_LENGTH + " characters."));
        }
        Set<String> scopes = scopes(current, caller, data.fields().get("scopes"), errors);
        Duration expiresIn = expiresIn(current, data.get("expires_in"), errors);
        if (!errors.isEmpty()) {
            JsonResponses.send(request, response, HttpServletResponse.SC_BAD_REQUEST, json.json(errors));
            return;
        }
        IssuedToken issued;
        Lock lock = lockOf(caller.userId(), false);
        lock.lock();
        try {
            issued = current.tokens.issueFor(caller.userId(), name, scopes, expiresIn);
        } finally {
            lock.unlock();
        }
        Map<String, Object> row = row(current, issued.token(), false);
        row.put("token", issued.key());
        JsonResponses.send(request, response, HttpServletResponse.SC_CREATED, json.json(row));
    }

    /** DRF's {@code ListField(child=CharField())}, or one string of space-separated scopes (OAuth's {@code scope}). */
    private static Set<String> scopes(Settings current, Token caller, JsonNode value, Map<String, List<String>> errors) {
        if (value == null || value.isMissingNode()) {
            return Set.of();
        }
        List<String> messages = new ArrayList<>();
        Set<String> scopes = new LinkedHashSet<>();
        if (value.isTextual()) {
            scopes.addAll(TokenScopes.split(value.textValue()));
        } else if (value.isArray()) {
            for (JsonNode scope : value) {
                if (!scope.isTextual()) {
                    messages.add("Not a valid string.");
                } else if (!TokenScopes.isValid(scope.textValue())) {
                    messages.add("Not a valid scope: one word without whitespace.");
                } else {
                    scopes.add(scope.textValue());
                }
            }
        } else if (value.isNull()) {
            messages.add("This field may not be null.");
        } else {
            messages.add("Expected a list of items but got type \"" + PythonText.typeName(value) + "\".");
        }
        for (String scope : scopes) {
            if (current.knownScopes != null && !current.knownScopes.contains(scope)) {
                messages.add("Unknown scope \"" + scope + "\".");
            } else if (!caller.scopes().contains(scope)) {
                messages.add("The requesting token does not hold scope \"" + scope + "\".");
            }
        }
        if (!messages.isEmpty()) {
            errors.put("scopes", List.copyOf(new LinkedHashSet<>(messages)));
            return Set.of();
        }
        return Set.copyOf(scopes);
    }

    /** DRF's {@code IntegerField(min_value=1, max_value=…, required=False, allow_null=True)}, in seconds. */
    private static Duration expiresIn(Settings current, RawValue value, Map<String, List<String>> errors) {
        if (value.kind() == RawValue.Kind.ABSENT || value.kind() == RawValue.Kind.NULL) {
            return null;
        }
        long seconds;
        try {
            if (value.kind() != RawValue.Kind.STRING) {
                throw new NumberFormatException();
            }
            String text = DECIMAL_ZEROS.matcher(value.text()).replaceFirst("").strip();
            if (text.length() > 18) {
                seconds = text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
                new java.math.BigInteger(text); // still refuse what is not an integer
            } else {
                seconds = Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            errors.put("expires_in", List.of("A valid integer is required."));
            return null;
        }
        if (seconds < 1) {
            errors.put("expires_in", List.of("Ensure this value is greater than or equal to 1."));
            return null;
        }
        if (seconds > current.maxExpiresIn) {
            errors.put("expires_in", List.of("Ensure this value is less than or equal to " + current.maxExpiresIn + "."));
            return null;
        }
        return Duration.ofSeconds(seconds);
    }

    private void revokeById(Settings current, Token caller, String id, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (!id.isEmpty() && current.tokens.revokeById(caller.userId(), id)) {
            noContent(request, response);
        } else {
            JsonResponses.send(request, response, HttpServletResponse.SC_NOT_FOUND, current.notFound);
        }
    }

    private void revokeByKey(Settings current, Token caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ParsedBody body = current.bodies.parse(request);
        if (body instanceof ParsedBody.Refusal refusal) {
            JsonResponses.send(request, response, refusal.status(), json.json(refusal.body()));
            return;
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String key = ObtainTokenServlet.CharField.validate("token", ((ParsedBody.Data) body).get("token"), true, errors);
        if (!errors.isEmpty()) {
            JsonResponses.send(request, response, HttpServletResponse.SC_BAD_REQUEST, json.json(errors));
            return;
        }
        TokenCheck check = current.tokens.check(key);
        Token found = check instanceof TokenCheck.Valid valid ? valid.token()
                : check instanceof TokenCheck.Expired expired ? expired.token() : null;
        if (found != null && found.userId().equals(caller.userId())) {
            current.tokens.revoke(found);
        }
        KeepAlive.settleBody(request, response);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
    }

    @Override
    public String toString() {
        Settings current = settings;
        return current == null ? "TokenManagementServlet[not initialized]"
                : "TokenManagementServlet[" + current.action + ", knownScopes=" + current.knownScopes + "]";
    }

    /** Everything a request needs, fixed at construction or init. */
    private static final class Settings {

        final TokenService tokens;
        final Action action;
        final Set<String> knownScopes;
        final boolean onePerUser;
        final long maxExpiresIn;
        final RequestBodies bodies;
        final OutageLog outages = new OutageLog(LOG, OutageLog.DEFAULT_INTERVAL, Clock.systemUTC());
        final byte[] notFound;
        final byte[] metadata;

        Settings(TokenService tokens, Action action, Set<String> knownScopes, int maxBodyBytes, JsonResponses json) {
            this.tokens = tokens;
            this.action = action;
            this.knownScopes = knownScopes;
            this.onePerUser = tokens.maxTokensPerUser() == 1;
            this.maxExpiresIn = tokens.timeToLive().map(Duration::toSeconds).orElse(MAX_EXPIRES_IN);
            this.bodies = new RequestBodies(json.mapper(), maxBodyBytes);
            this.notFound = json.detail(NOT_FOUND);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", switch (action) {
                case LOGOUT -> "Logout";
                case LOGOUT_ALL -> "Logout All";
                case TOKENS -> "Tokens";
                case REVOKE -> "Revoke";
            });
            meta.put("description", "");
            meta.put("renders", List.of("application/json"));
            meta.put("parses", List.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data"));
            this.metadata = json.json(meta);
        }
    }

    /**
     * Configures a {@link TokenManagementServlet} registered in code.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final TokenService tokens;
        private final Action action;
        private Set<String> knownScopes;
        private int maxBodyBytes = ObtainTokenServlet.DEFAULT_MAX_BODY_BYTES;

        private Builder(TokenService tokens, Action action) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            this.action = Objects.requireNonNull(action, "action");
        }

        /**
         * Sets the scopes a new token may have: any other is refused 400
         * {@code {"scopes":["Unknown scope \"x\"."]}}; unset by default, where any scope the
         * requesting token holds may be granted ({@code web.xml}: {@code known-scopes}).
         *
         * @param scopes the known scopes, each one word without whitespace
         * @return this builder
         * @throws IllegalArgumentException if a scope is blank or holds whitespace
         */
        public Builder knownScopes(String... scopes) {
            this.knownScopes = Set.copyOf(TokenScopes.requireValid(List.of(scopes)));
            return this;
        }

        /**
         * Sets the largest request body accepted, in bytes; default 65536 (413 beyond).
         *
         * @param maxBodyBytes the limit
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
         * Builds the servlet. The builder can be used again afterwards.
         *
         * @return a configured servlet, ready for {@code ServletContext.addServlet}
         */
        public TokenManagementServlet build() {
            return new TokenManagementServlet(new Settings(tokens, action, knownScopes, maxBodyBytes, new JsonResponses()));
        }
    }
}
