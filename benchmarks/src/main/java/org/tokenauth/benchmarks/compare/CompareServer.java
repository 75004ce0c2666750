package org.tokenauth.benchmarks.compare;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.LastUseRecorder;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.CachingUserLookup;
import org.tokenauth.core.jdbc.DjangoUsers;
import org.tokenauth.core.jdbc.JdbcTokenStore;
import org.tokenauth.core.jdbc.JdbcTokenauthStore;
import org.tokenauth.servlet.TokenAuthenticationFilter;

/**
 * The server of {@code benchmarks/compare.sh}: one embedded Jetty 12 (ee11) on 127.0.0.1 with the
 * same tiny JSON servlet ({@code {"ok":true,"user":"user5000"}}) behind one authentication mode,
 * so that the modes differ in their filter and nothing else.
 *
 * <pre>
 * serve --mode NAME --info FILE [--keys N] [--pg-url URL] [--pool N] [--port P] [--max-seconds S] [--spread N]
 * seed  --pg-url URL [--keys N] [--tables drf,hashed]
 * </pre>
 *
 * <p>{@code serve} binds an ephemeral port (unless {@code --port}), then writes {@code FILE}
 * (a properties file: {@code port}, {@code valid} and {@code unknown}, the two {@code Authorization}
 * header values to load it with; with {@code --spread n}, {@code FILE.keys} holds the header values
 * of {@code n} keys spread over all users, one a line) and serves until killed, or until {@code --max-seconds} (default
 * 900) have passed, so a JVM left behind by a killed script still ends. {@code seed} fills the
 * PostgreSQL schema {@value PostgresSeed#SCHEMA} once (see {@link PostgresSeed}).
 *
 * <p>A new mode is one {@code case} in {@link #mode}: build a {@link TokenService} and a
 * {@link UserLookup}, and hand them to {@link #library}. Name it {@code pg…} or {@code hashed…} and
 * compare.sh seeds the table it reads ({@code authtoken_token} or {@code tokenauth_token}).
 */
public final class CompareServer {

    /** The secret of the hashed modes: fixed, so every round and the seed agree. */
    static final ServerSecret SECRET = ServerSecret.of("bench", new byte[32]);

    private CompareServer() {
    }

    /**
     * What a mode puts in front of the servlet, and the keys to load it with.
     *
     * @param filter   the authentication filter, or {@code null} for none
     * @param scheme   the {@code Authorization} scheme of its keys ({@code Token}, {@code Bearer})
     * @param keyOf    the key of user {@code i}, for each user of {@link #loadedUsers}
     * @param unknown  a well-formed key that no store holds
     * @param resource closed at exit (a connection pool), or {@code null}
     */
    record Mode(Filter filter, String scheme, IntFunction<String> keyOf, String unknown, AutoCloseable resource) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        switch (options.command) {
            case "serve" -> serve(options);
            case "seed" -> PostgresSeed.seed(options.pgUrl(), options.keys, options.tables);
            default -> throw new IllegalArgumentException("unknown command " + options.command + "; use serve or seed");
        }
    }

    /** Every mode the server knows, in the order compare.sh runs them by default. */
    static final List<String> MODES = List.of("bare", "memory", "pg", "pg-cached", "hashed", "hashed-cached",
            "hashed-cached-lastused", "spring");

    static Mode mode(String name, Options options) throws Exception {
        return switch (name) {
            // No filter at all: what the container and the servlet cost.
            case "bare" -> new Mode(null, "Token", CompareServer::drfKey, UNKNOWN_DRF_KEY, null);
            // DRF mode on the in-memory store; users in a map.
            case "memory" -> {
                InMemoryTokenStore store = new InMemoryTokenStore();
                Map<String, UserAccount> users = new HashMap<>();
                Instant created = Instant.now();
                for (int i = 1; i <= options.keys; i++) {
                    String id = Integer.toString(i);
                    store.getOrInsert(Token.of(drfKey(i), id, created));
                    users.put(id, user(i));
                }
                yield library(new TokenService(store), id -> Optional.ofNullable(users.get(id)), CompareServer::drfKey,
                        UNKNOWN_DRF_KEY, null);
            }
            // DRF mode on PostgreSQL, uncached: one query for the key, one for the user.
            case "pg" -> {
                HikariDataSource pool = postgres(options);
                yield library(new TokenService(new JdbcTokenStore(pool)), new DjangoUsers(pool), CompareServer::drfKey,
                        UNKNOWN_DRF_KEY, pool);
            }
            // DRF mode on PostgreSQL behind the caches, with their default bounds (30 s tokens, 5 s users).
            case "pg-cached" -> {
                HikariDataSource pool = postgres(options);
                yield library(new TokenService(CachingTokenStore.of(new JdbcTokenStore(pool))),
                        CachingUserLookup.of(new DjangoUsers(pool)), CompareServer::drfKey, UNKNOWN_DRF_KEY, pool);
            }
            // Hashed mode on PostgreSQL (tokenauth_token), uncached: HMAC, then the same two queries;
            // and its cached twin; and that twin recording last uses (written behind, once a minute per token).
            case "hashed", "hashed-cached", "hashed-cached-lastused" -> {
                HikariDataSource pool = postgres(options);
                KeyMode keys = KeyMode.hashed(SECRET);
                boolean cached = name.startsWith("hashed-cached");
                TokenStore store = new JdbcTokenauthStore(pool);
                TokenService.Builder builder = TokenService.builder(cached ? CachingTokenStore.of(store) : store).keys(keys);
                LastUseRecorder recorder = name.endsWith("-lastused") ? LastUseRecorder.builder().build() : null;
                if (recorder != null) {
                    builder.recordLastUse(recorder);
                }
                TokenService tokens = builder.build();
                UserLookup users = cached ? CachingUserLookup.of(new DjangoUsers(pool)) : new DjangoUsers(pool);
                // This round's keys replace the seed's filler rows (or the last round's keys) of the loaded users.
                Map<Integer, String> issued = new HashMap<>();
                for (int user : loadedUsers(options)) {
                    tokens.revokeAllOf(Integer.toString(user));
                    issued.put(user, tokens.issueFor(Integer.toString(user)).key());
                }
                AutoCloseable resources = recorder == null ? pool : () -> {
                    recorder.close(); // its last writes need the pool
                    pool.close();
                };
                yield library(tokens, users, issued::get, keys.newKey(), resources);
            }
            // Spring Security 7: BearerTokenAuthenticationFilter over an OpaqueTokenIntrospector on a map.
            case "spring" -> SpringBearer.mode(options.keys);
            default -> throw new IllegalArgumentException("unknown mode " + name + "; known: " + String.join(", ", MODES));
        };
    }

    /** The library's filter, as an application registers it, with {@code Authorization: Token <key>}. */
    static Mode library(TokenService tokens, UserLookup users, IntFunction<String> keyOf, String unknownKey,
            AutoCloseable resource) {
        return new Mode(TokenAuthenticationFilter.builder(tokens, users).build(), "Token", keyOf, unknownKey, resource);
    }

    /** The user whose key compare.sh checks and loads by default: the middle one. */
    static int validUser(Options options) {
        return Math.max(1, options.keys / 2);
    }

    /** With {@code --spread n} ({@code n > 1}): {@code n} users spread evenly over {@code 1..keys}; else none. */
    static List<Integer> spreadUsers(Options options) {
        List<Integer> users = new ArrayList<>();
        for (int j = 0; options.spread > 1 && j < options.spread; j++) {
            users.add(1 + (int) ((long) j * options.keys / options.spread));
        }
        return users;
    }

    /** The users whose keys the load uses: {@link #validUser} and the {@link #spreadUsers}. */
    static SortedSet<Integer> loadedUsers(Options options) {
        SortedSet<Integer> users = new TreeSet<>(spreadUsers(options));
        users.add(validUser(options));
        return users;
    }

    /** A HikariCP pool on the seeded schema. */
    static HikariDataSource postgres(Options options) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.pgUrl());
        config.setMaximumPoolSize(options.pool);
        config.setMinimumIdle(options.pool);
        config.setConnectionInitSql("set search_path to " + PostgresSeed.SCHEMA);
        config.setPoolName("compare");
        return new HikariDataSource(config);
    }

    /** User {@code i} of every mode: id {@code i}, name {@code user<i>}, active. */
    static UserAccount user(int i) {
        return new UserAccount(Integer.toString(i), "user" + i, true);
    }

    /** A 40-hex key that none of the seeded keys is. */
    static final String UNKNOWN_DRF_KEY = "0123456789abcdef0123456789abcdef01234567";

    /**
     * The DRF key of user {@code i}, as {@link PostgresSeed} writes it in SQL:
     * {@code substr(md5(i::text) || md5('k' || i::text), 1, 40)}.
     */
    static String drfKey(int i) {
        return (md5Hex(Integer.toString(i)) + md5Hex("k" + i)).substring(0, 40);
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serve(Options options) throws Exception {
        Mode mode = mode(options.mode, options);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(options.port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (mode.filter() != null) {
            context.addFilter(new FilterHolder(mode.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        server.setHandler(context);
        server.setStopTimeout(2_000);
        server.start();

        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(options.maxSeconds * 1000L);
                System.err.println("compare server (" + options.mode + "): --max-seconds " + options.maxSeconds
                        + " reached, exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "compare-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
                if (mode.resource() != null) {
                    mode.resource().close();
                }
            } catch (Exception e) {
                System.err.println("compare server: stop failed: " + e);
            }
        }, "compare-stop"));

        if (options.spread > 1) {
            // One header value a line, for compare.lua: the keys of --spread users over all the keys.
            List<String> lines = new ArrayList<>();
            for (int user : spreadUsers(options)) {
                lines.add(mode.scheme() + " " + mode.keyOf().apply(user));
            }
            Files.write(options.info.resolveSibling(options.info.getFileName() + ".keys"), lines, StandardCharsets.UTF_8);
        }
        String info = "port=" + connector.getLocalPort() + "\nmode=" + options.mode
                + "\nvalid=" + mode.scheme() + " " + mode.keyOf().apply(validUser(options))
                + "\nunknown=" + mode.scheme() + " " + mode.unknown() + "\n";
        Path tmp = options.info.resolveSibling(options.info.getFileName() + ".tmp");
        Files.writeString(tmp, info, StandardCharsets.UTF_8);
        Files.move(tmp, options.info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("compare server: mode " + options.mode + " on http://127.0.0.1:" + connector.getLocalPort() + "/");
        server.join();
    }

    /** The same tiny JSON answer in every mode: who the request is from, as the container tells. */
    static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Principal user = request.getUserPrincipal();
            String body = user == null ? "{\"ok\":true,\"user\":null}" : "{\"ok\":true,\"user\":\"" + jsonText(user.getName()) + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }

        private static String jsonText(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /** The command line. */
    static final class Options {
        String command;
        String mode;
        Path info;
        int keys = 10_000;
        String pgUrl;
        int pool = 8;
        int port;
        int maxSeconds = 900;
        int spread = 1;
        List<String> tables = List.of("drf", "hashed");

        String pgUrl() {
            if (pgUrl == null) {
                throw new IllegalArgumentException("this needs --pg-url jdbc:postgresql://…");
            }
            return pgUrl;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            if (args.length == 0) {
                throw new IllegalArgumentException("usage: serve --mode NAME --info FILE [--keys N] [--pg-url URL] "
                        + "[--pool N] [--port P] [--max-seconds S] [--spread N] | seed --pg-url URL [--keys N] [--tables drf,hashed]");
            }
            o.command = args[0];
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--mode" -> o.mode = value;
                    case "--info" -> o.info = Path.of(value).toAbsolutePath();
                    case "--keys" -> o.keys = Integer.parseInt(value);
                    case "--pg-url" -> o.pgUrl = value;
                    case "--pool" -> o.pool = Integer.parseInt(value);
                    case "--port" -> o.port = Integer.parseInt(value);
                    case "--max-seconds" -> o.maxSeconds = Integer.parseInt(value);
                    case "--spread" -> o.spread = Integer.parseInt(value);
                    case "--tables" -> o.tables = new ArrayList<>(List.of(value.split(",")));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.command.equals("serve") && (o.mode == null || o.info == null)) {
                throw new IllegalArgumentException("serve needs --mode and --info");
            }
            if (o.keys < 1) {
                throw new IllegalArgumentException("--keys must be at least 1");
            }
            if (o.spread < 1 || o.spread > o.keys) {
                throw new IllegalArgumentException("--spread must be between 1 and --keys");
            }
            return o;
        }
    }
}
