package org.tokenauth.example;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.postgres.PostgresInvalidationBus;
import org.tokenauth.core.redis.RedisInvalidationBus;

/**
 * How the example runs: where it listens, which database it uses, and its demo login.
 *
 * <p>Each setting can be given, from strongest to weakest, as a command-line option
 * ({@code --db-url …}), a system property ({@code -Dtokenauth.example.db.url=…}) or an environment
 * variable ({@code TOKENAUTH_EXAMPLE_DB_URL}); see {@link #KEYS}.
 *
 * @param host               the address to listen on; {@code 127.0.0.1} unless asked otherwise
 * @param port               the port; 8000 like Django's {@code runserver}; 0 for any free port
 * @param dbUrl              the JDBC URL; an in-memory H2 database by default
 * @param dbUser             the database user, if not in the URL
 * @param dbPassword         the database password, if not in the URL
 * @param demoUsername       the demo login's username
 * @param demoPassword       the demo login's password; empty to generate one at each start
 * @param demoData           whether to add demo questions to an empty database
 * @param passwordIterations PBKDF2 iterations for new password hashes
 * @param hashedTokens       whether keys are hashed at rest ({@code tka_} keys, a token per login)
 *                           rather than DRF's 40-hex keys on {@code authtoken_token}
 * @param tokenTtl           how long a token lives; forever if empty
 * @param tokenSecretFile    the file holding the server secret of hashed mode; made with a fresh
 *                           random secret (mode 0600) when it does not exist
 * @param caches             whether tokens (30 s) and users (5 s) are cached in front of the
 *                           database; on unless {@code --no-cache}
 * @param tokenCacheTtl      how long a token stays cached: how late a revocation made elsewhere
 *                           may be seen here without an invalidation bus, or while it is down
 * @param invalidation       how the caches of several instances are kept in step
 * @param allowedHosts       the host names requests may be addressed to (Django's
 *                           {@code ALLOWED_HOSTS}: a name, {@code .example.com} for it and its
 *                           subdomains, {@code *} for any); empty for the default, see
 *                           {@link #effectiveAllowedHosts()}
 * @since 0.1
 */
public record ExampleSettings(
        String host,
        int port,
        String dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        String demoUsername,
        Optional<String> demoPassword,
        boolean demoData,
        int passwordIterations,
        boolean hashedTokens,
        Optional<Duration> tokenTtl,
        Path tokenSecretFile,
        boolean caches,
        List<String> allowedHosts,
        Duration tokenCacheTtl,
        Invalidation invalidation) {

    /** The default database: H2 in this process's memory, fresh at every start. */
    public static final String DEFAULT_DB_URL = "jdbc:h2:mem:polls;DB_CLOSE_DELAY=-1";

    /** The settings' names; {@code db.url} is {@code --db-url}, {@code -Dtokenauth.example.db.url}, {@code TOKENAUTH_EXAMPLE_DB_URL}. */
    public static final List<String> KEYS = List.of("host", "port", "db.url", "db.user", "db.password",
            "demo.user", "demo.password", "demo.data", "password.iterations", "hashed.tokens", "token.ttl",
            "token.secret.file", "cache", "allowed.hosts", "token.cache.ttl", "invalidation", "invalidation.channel",
            "redis.url");

    /** The Redis of {@code --invalidation redis} unless {@code --redis-url} names another. */
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    /** Where hashed mode keeps its server secret unless told otherwise: {@code token-secret} in the working directory. */
    public static final Path DEFAULT_TOKEN_SECRET_FILE = Path.of("token-secret");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    /** A DNS name or IPv4 address (optionally with a leading dot), a bracketed IPv6 address, or {@code *}. */
    private static final Pattern HOST = Pattern.compile("\\*|\\.?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\\[[0-9a-f:.]+\\]");

    /** The longest a token may stay cached: the library's bound. */
    private static final Duration MAX_TOKEN_CACHE_TTL = Duration.ofHours(24);


    private static final Pattern USERNAME = Pattern.compile("[\\w.@+-]{1,150}", Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * @throws NullPointerException if a component is {@code null}
     */
    public ExampleSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(dbUser, "dbUser");
        Objects.requireNonNull(dbPassword, "dbPassword");
        Objects.requireNonNull(demoUsername, "demoUsername");
        Objects.requireNonNull(demoPassword, "demoPassword");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(tokenSecretFile, "tokenSecretFile");
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(tokenCacheTtl, "tokenCacheTtl");
        Objects.requireNonNull(invalidation, "invalidation");
    }

    /**
     * Which bus carries the caches' invalidations between instances ({@code --invalidation}).
     *
     * @since 0.1
     */
    public enum Bus {
        /** None: each instance sees a revocation made elsewhere when its cache entry expires. */
        NONE,
        /** PostgreSQL's {@code LISTEN}/{@code NOTIFY} on the database the instances share. */
        POSTGRES,
        /** Redis pub/sub; a channel is server-wide, so one per application sharing the Redis. */
        REDIS;

        /** {@return the name as {@code --invalidation} takes it} */
        public String optionValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the caches of several instances are kept in step: what one revokes, the others forget
     * within moments rather than when their entries expire.
     *
     * @param bus      the bus; {@link Bus#NONE} by default
     * @param channel  the channel on it; empty for the bus's default
     * @param redisUrl the Redis of {@link Bus#REDIS}; may hold a password, see {@link #toString()}
     * @since 0.1
     */
    public record Invalidation(Bus bus, Optional<String> channel, String redisUrl) {

        /** No bus. */
        public static final Invalidation NONE = new Invalidation(Bus.NONE, Optional.empty(), DEFAULT_REDIS_URL);

        /**
         * @throws NullPointerException if a component is {@code null}
         */
        public Invalidation {
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(redisUrl, "redisUrl");
        }

        /** {@return the Redis URL without its password, e.g. {@code redis://cache:6379/0}, safe to print} */
        public String redisUrlForDisplay() {
            return redisUrl.replaceFirst("^(rediss?://)[^@/]*@", "$1");
        }

        /** Describes the bus without the Redis URL's password. */
        @Override
        public String toString() {
            return switch (bus) {
                case NONE -> "none";
                case POSTGRES -> "postgres" + channel.map(c -> " on " + c).orElse("");
                case REDIS -> "redis at " + redisUrlForDisplay() + channel.map(c -> " on " + c).orElse("");
            };
        }
    }

    /** @return the defaults: 127.0.0.1:8000, in-memory H2, demo user {@code admin} with a generated password */
    public static ExampleSettings defaults() {
        return new ExampleSettings("127.0.0.1", 8000, DEFAULT_DB_URL, Optional.empty(), Optional.empty(),
                "admin", Optional.empty(), true, Pbkdf2PasswordHasher.DEFAULT_ITERATIONS, false, Optional.empty(),
                DEFAULT_TOKEN_SECRET_FILE, true, List.of(), CachingTokenStore.DEFAULT_EXPIRE_AFTER, Invalidation.NONE);
    }

    /**
     * Reads the settings of a WAR deployment: system properties, then environment variables.
     *
     * @return the settings
     * @throws IllegalArgumentException naming every bad setting
     */
    public static ExampleSettings fromEnvironment() {
        return parse(List.of(), System::getProperty, System::getenv);
    }

    /**
     * Reads the settings from command-line options, system properties and environment variables.
     *
     * @param args       options: {@code --port 8001}, {@code --port=8001}, {@code --no-demo-data},
     *                   {@code --hashed-tokens}, {@code --token-ttl 10h}, {@code --invalidation redis}
     * @param properties system properties, by name
     * @param env        environment variables, by name
     * @return the settings
     * @throws IllegalArgumentException naming every bad or unknown setting
     */
    public static ExampleSettings parse(List<String> args, Function<String, String> properties, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> options = options(args, problems);
        Function<String, Optional<String>> value = key -> Optional.ofNullable(options.get(key))
                .or(() -> Optional.ofNullable(properties.apply("tokenauth.example." + key)))
                .or(() -> Optional.ofNullable(env.apply("TOKENAUTH_EXAMPLE_" + key.replace('.', '_').toUpperCase(Locale.ROOT))))
                .map(String::strip)
                .filter(v -> !v.isEmpty());

        ExampleSettings defaults = defaults();
        String host = value.apply("host").orElse(defaults.host());
        int port = integer(value, "port", defaults.port(), 0, 65535, problems);
        String dbUrl = value.apply("db.url").orElse(defaults.dbUrl());
        if (!dbUrl.startsWith("jdbc:")) {
            // Only up to '?': a URL may carry a password.
            problems.add("db.url must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/polls?user=postgres, but was '"
                    + dbUrl.split("[?;]", 2)[0] + "'");
        }
        String demoUser = value.apply("demo.user").orElse(defaults.demoUsername());
        if (!USERNAME.matcher(demoUser).matches()) {
            problems.add("demo.user must be 1 to 150 letters, digits and @/./+/-/_, but was '" + demoUser + "'");
        }
        boolean demoData = !options.containsKey("no-demo-data")
                && bool(value, "demo.data", defaults.demoData(), problems);
        int iterations = integer(value, "password.iterations", defaults.passwordIterations(),
                Pbkdf2PasswordHasher.MIN_ITERATIONS, Integer.MAX_VALUE, problems);
        boolean hashed = bool(value, "hashed.tokens", false, problems);
        Optional<Duration> ttl = value.apply("token.ttl").flatMap(text -> duration("token.ttl", text, problems));
        Path secretFile = value.apply("token.secret.file").map(Path::of).orElse(DEFAULT_TOKEN_SECRET_FILE);
        boolean caches = bool(value, "cache", defaults.caches(), problems);
        List<String> allowedHosts = value.apply("allowed.hosts").map(text -> hosts(text, problems)).orElse(List.of());
        Duration tokenCacheTtl = value.apply("token.cache.ttl")
                .flatMap(text -> duration("token.cache.ttl", text, problems))
                .orElse(defaults.tokenCacheTtl());
        if (tokenCacheTtl.compareTo(MAX_TOKEN_CACHE_TTL) > 0) {
            problems.add("token.cache.ttl must be at most 24h, but was '" + value.apply("token.cache.ttl").orElseThrow() + "'");
        }
        Invalidation invalidation = invalidation(value, dbUrl, caches, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new ExampleSettings(host, port, dbUrl, value.apply("db.user"), value.apply("db.password"),
                demoUser, value.apply("demo.password"), demoData, iterations, hashed, ttl, secretFile, caches,
                allowedHosts, tokenCacheTtl, invalidation);
    }

    /**
     * {@code --invalidation postgres|redis|none}, its channel and Redis URL, checked against the
     * database and the caches.
     */
    private static Invalidation invalidation(Function<String, Optional<String>> value, String dbUrl, boolean caches,
            List<String> problems) {
        String name = value.apply("invalidation").orElse("none");
        Bus bus = null;
        for (Bus candidate : Bus.values()) {
            if (candidate.optionValue().equalsIgnoreCase(name)) {
                bus = candidate;
            }
        }
        if (bus == null) {
            problems.add("invalidation must be one of postgres, redis, none, but was '" + name + "'");
            return Invalidation.NONE;
        }
        Optional<String> channel = value.apply("invalidation.channel");
        String redisUrl = value.apply("redis.url").orElse(DEFAULT_REDIS_URL);
        // The library's builders check the URL and the channel now, as they will at start (no
        // connection yet); their messages never quote a URL, which may hold a password.
        if (bus == Bus.REDIS) {
            checked("redis.url", () -> RedisInvalidationBus.builder(redisUrl), problems).ifPresent(redis ->
                    channel.ifPresent(c -> checked("invalidation.channel", () -> redis.channel(c), problems)));
        }
        if (bus == Bus.POSTGRES && !dbUrl.startsWith("jdbc:postgresql:")) {
            // Only up to '?': a URL may carry a password.
            problems.add("invalidation postgres needs a PostgreSQL database (--db-url jdbc:postgresql://...), but db.url was '"
                    + dbUrl.split("[?;]", 2)[0] + "'");
        } else if (bus == Bus.POSTGRES) {
            checked("db.url", () -> PostgresInvalidationBus.builder(dbUrl), problems).ifPresent(postgres ->
                    channel.ifPresent(c -> checked("invalidation.channel", () -> postgres.channel(c), problems)));
        }
        if (bus != Bus.NONE && !caches) {
            // Without caches every request asks the database: nothing to keep in step.
            problems.add("invalidation " + bus.optionValue() + " needs the caches, but they are off (--no-cache)");
        }
        return new Invalidation(bus, channel, redisUrl);
    }

    /** What {@code make} builds, or empty with its {@link IllegalArgumentException}'s message as {@code key}'s problem. */
    private static <T> Optional<T> checked(String key, Supplier<T> make, List<String> problems) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code a.example, .example.org, 127.0.0.1, [::1], *}: lower-cased, without a trailing dot. */
    private static List<String> hosts(String text, List<String> problems) {
        List<String> hosts = new ArrayList<>();
        for (String part : text.split(",")) {
            String host = normalizeHost(part.strip());
            if (host.isEmpty() || !HOST.matcher(host).matches()) {
                problems.add("allowed.hosts must be host names separated by commas (a.example, .example.org for"
                        + " its subdomains too, 127.0.0.1, [::1], * for any), but held '" + part.strip() + "'");
            } else {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /**
     * @param host a host name as sent in a {@code Host} header, without the port
     * @return it lower-cased, without a trailing dot, an IPv6 address in brackets
     */
    static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".") && !h.equals(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return h;
    }

    /**
     * The hosts requests may be addressed to: those given, or by default the listen address and
     * {@code localhost} (listening on every address, {@code 0.0.0.0} or {@code ::}: the loopback
     * addresses and {@code localhost}; name the others with {@code --allowed-hosts}). A request
     * for any other host is refused with Django's 400, which also defeats DNS rebinding.
     *
     * @return the allowed hosts, normalized
     */
    public List<String> effectiveAllowedHosts() {
        if (!allowedHosts.isEmpty()) {
            return allowedHosts;
        }
        return switch (host) {
            case "0.0.0.0", "::", "[::]" -> List.of("127.0.0.1", "[::1]", "localhost");
            default -> List.of(normalizeHost(host), "localhost");
        };
    }

    /** {@code 10h}, {@code 30m}, {@code 45s}, {@code 7d}, or ISO-8601 ({@code PT10H}); positive. */
    private static Optional<Duration> duration(String key, String text, List<String> problems) {
        Matcher unit = DURATION.matcher(text);
        try {
            Duration duration = !unit.matches() ? Duration.parse(text) : switch (unit.group(2)) {
                case "s" -> Duration.ofSeconds(Long.parseLong(unit.group(1)));
                case "m" -> Duration.ofMinutes(Long.parseLong(unit.group(1)));
                case "h" -> Duration.ofHours(Long.parseLong(unit.group(1)));
                default -> Duration.ofDays(Long.parseLong(unit.group(1)));
            };
            if (!duration.isNegative() && !duration.isZero()) {
                return Optional.of(duration);
            }
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        problems.add(key + " must be a positive duration such as 10h, 30m, 7d or PT10H, but was '" + text + "'");
        return Optional.empty();
    }

    /** @return a copy listening on {@code port} */
    public ExampleSettings withPort(int port) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, tokenCacheTtl, invalidation);
    }

    /** @return a copy using this database */
    public ExampleSettings withDatabase(String url, Optional<String> user, Optional<String> password) {
        return new ExampleSettings(host, port, url, user, password, demoUsername, demoPassword, demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, tokenCacheTtl, invalidation);
    }

    /** @return a copy whose demo login is {@code username} / {@code password} */
    public ExampleSettings withDemoLogin(String username, String password) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, username, Optional.of(password), demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, tokenCacheTtl, invalidation);
    }

    /** @return a copy hashing new passwords with {@code iterations} PBKDF2 iterations */
    public ExampleSettings withPasswordIterations(int iterations) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                iterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, tokenCacheTtl, invalidation);
    }

    /** @return a copy in hashed mode, with this time to live and secret file */
    public ExampleSettings withHashedTokens(Optional<Duration> ttl, Path secretFile) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                passwordIterations, true, ttl, secretFile, caches, allowedHosts, tokenCacheTtl, invalidation);
    }

    /** @return a copy with the token and user caches on or off */
    public ExampleSettings withCaches(boolean caches) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, tokenCacheTtl, invalidation);
    }

    /** @return a copy allowing requests addressed to these hosts only (see {@link #effectiveAllowedHosts()}) */
    public ExampleSettings withAllowedHosts(List<String> hosts) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches,
                hosts.stream().map(ExampleSettings::normalizeHost).toList(), tokenCacheTtl, invalidation);
    }

    /** @return a copy caching tokens for {@code ttl} */
    public ExampleSettings withTokenCacheTtl(Duration ttl) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, ttl, invalidation);
    }

    /** @return a copy keeping its caches in step with other instances' this way */
    public ExampleSettings withInvalidation(Invalidation invalidation) {
        return new ExampleSettings(host, port, dbUrl, dbUser, dbPassword, demoUsername, demoPassword, demoData,
                passwordIterations, hashedTokens, tokenTtl, tokenSecretFile, caches, allowedHosts, tokenCacheTtl,
                invalidation);
    }

    /** @return the JDBC URL without anything after {@code ?} or {@code ;}, safe to print */
    public String dbUrlForDisplay() {
        int end = dbUrl.length();
        for (char c : new char[] {'?', ';'}) {
            int i = dbUrl.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return dbUrl.substring(0, end);
    }

    /** @return whether the database lives in this process's memory only */
    public boolean inMemoryDatabase() {
        return dbUrl.startsWith("jdbc:h2:mem:");
    }

    /** Describes the settings without passwords. */
    @Override
    public String toString() {
        return "ExampleSettings[host=" + host + ", port=" + port + ", db=" + dbUrlForDisplay()
                + ", demoUser=" + demoUsername + ", demoData=" + demoData + ", passwordIterations=" + passwordIterations
                + ", tokens=" + (hashedTokens ? "hashed, secret in " + tokenSecretFile : "DRF")
                + tokenTtl.map(ttl -> ", tokenTtl=" + ttl).orElse("") + ", allowedHosts=" + effectiveAllowedHosts()
                + (caches ? "" : ", no cache")
                + (caches && !tokenCacheTtl.equals(CachingTokenStore.DEFAULT_EXPIRE_AFTER) ? ", tokenCacheTtl=" + tokenCacheTtl : "")
                + (invalidation.bus() == Bus.NONE ? "" : ", invalidation=" + invalidation) + "]";
    }

    private static Map<String, String> options(List<String> args, List<String> problems) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--no-demo-data")) {
                options.put("no-demo-data", "true");
                continue;
            }
            if (arg.equals("--no-cache")) {
                options.put("cache", "false");
                continue;
            }
            if (arg.equals("--hashed-tokens")) {
                options.put("hashed.tokens", "true");
                continue;
            }
            if (!arg.startsWith("--")) {
                problems.add("unexpected argument '" + arg + "' (options look like --port 8001)");
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            String key = name.replace('-', '.');
            if (!KEYS.contains(key)) {
                problems.add("unknown option --" + name);
                continue;
            }
            if (equals >= 0) {
                options.put(key, arg.substring(equals + 1));
            } else if (i + 1 < args.size()) {
                options.put(key, args.get(++i));
            } else {
                problems.add("option --" + name + " needs a value");
            }
        }
        return options;
    }

    private static int integer(Function<String, Optional<String>> value, String key, int fallback, int min, int max,
            List<String> problems) {
        Optional<String> text = value.apply(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(text.get());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be a whole number from " + min + " to " + max + ", but was '" + text.get() + "'");
        return fallback;
    }

    private static boolean bool(Function<String, Optional<String>> value, String key, boolean fallback, List<String> problems) {
        Optional<String> text = value.apply(key);
        if (text.isEmpty()) {
            return fallback;
        }
        switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> {
                return true;
            }
            case "false", "no", "0" -> {
                return false;
            }
            default -> {
                problems.add(key + " must be true or false, but was '" + text.get() + "'");
                return fallback;
            }
        }
    }
}
