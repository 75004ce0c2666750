package org.tokenauth.core.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.SqlTokenStores;

/**
 * A {@link TokenStore} in Redis, for teams that keep tokens there rather than in SQL: many named
 * tokens per user, every detail, each token gone from Redis when it expires. Through
 * <a href="https://lettuce.io">Lettuce</a> ({@code io.lettuce:lettuce-core}), an optional
 * dependency of {@code token-auth-core}: add it to your own POM to use this store.
 *
 * <pre>{@code
 * try (RedisTokenStore store = RedisTokenStore.builder("redis://127.0.0.1:6379").build()) {
 *     TokenService tokens = TokenService.builder(store).keys(KeyMode.hashed(secret)).build();
 *     …
 * }
 * }</pre>
 *
 * <p><b>Keys.</b> Each token is a hash, {@code <prefix>token:<SHA-256 of its lookup value>}, with
 * its lookup value, user id, name, creation, expiry, last use and scopes; so no key name holds a
 * key (in DRF mode the lookup value is the key: the hash holds it, as Django's table does). When a
 * token has an expiry, its hash expires with it ({@code PEXPIREAT}, again when a use slides it): an
 * expired token is then unknown, as if deleted, so {@code TokenEvents.expired} is not fired for it
 * and an authenticator {@code reportingExpiry} answers {@code "Invalid token."} for it.
 * Each user has an index, the set {@code <prefix>user:<user id>} of their hashes' ids, which
 * expires with the last of them; ids of expired hashes leave it when the user's tokens are next
 * listed or written. Instants are kept to the nanosecond.
 *
 * <p><b>Atomicity.</b> {@link #getOrInsert}, {@link #insert} (the cap and its evictions),
 * {@link #delete}, {@link #deleteAllOf} and {@link #touch} are each one Lua script, which Redis runs
 * alone: the one-per-user and cap rules hold however many threads and instances race. Scripts are
 * run by their SHA-1 ({@code EVALSHA}), sent whole when the server does not have them. This store
 * needs Redis 7.0 or later ({@code PEXPIREAT … GT}), or a server that speaks the same, on one node
 * (a primary, with replicas if you like): not Redis Cluster, as a script reaches entries through an
 * index, by keys it is not given. Expiry follows the Redis server's clock.
 *
 * <p><b>Failures.</b> Every Redis failure (refused connection, no answer within the command
 * timeout, an error reply) is a {@link TokenStoreException}, whose message and causes never quote a
 * lookup value. A store made from a URI fails at once while it has no connection, and reconnects
 * within a second of Redis coming back. A call that timed out may still take effect when a slow
 * Redis gets to it, as with any database. A lookup value, user id, name or scope that UTF-8 cannot
 * hold (a lone surrogate) is never stored: not found when asked for, refused with
 * {@link IllegalArgumentException} when written.
 *
 * <p>Thread-safe: every call goes through one Lettuce connection, which pipelines concurrent
 * commands. {@link #close()} closes it, and the client if the store made it.
 *
 * @since 0.1
 */
public final class RedisTokenStore implements TokenStore, AutoCloseable {

    private final Keys keys;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final Duration commandTimeout;
    /** Closes what the store made beside its connection (a client and its threads); nothing if it was given a client. */
    private final Runnable shutdown;
    private final String server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisTokenStore(Builder builder, StatefulRedisConnection<String, String> connection, Runnable shutdown) {
        this.keys = new Keys(builder.prefix);
        this.connection = connection;
        this.redis = connection.sync();
        this.commandTimeout = builder.commandTimeout;
        this.shutdown = shutdown;
        this.server = builder.uri == null ? null : builder.uri.toString(); // RedisURI masks the password
        connection.setTimeout(commandTimeout);
    }

    /**
     * Returns a builder for a store on a connection of your client, which the store closes but
     * leaves the client, its options and its reconnection to you.
     *
     * @param client the client, with its URI
     * @return a builder with the defaults
     * @throws NullPointerException if {@code client} is {@code null}
     */
    public static Builder builder(RedisClient client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * Returns a builder for a store with a client of its own, made and closed by the store.
     *
     * @param uri where Redis is, with its password and database if any
     * @return a builder with the defaults
     * @throws NullPointerException if {@code uri} is {@code null}
     */
    public static Builder builder(RedisURI uri) {
        return new Builder(null, Objects.requireNonNull(uri, "uri"));
    }

    /**
     * Returns a builder for a store with a client of its own, made and closed by the store.
     *
     * @param url where Redis is, e.g. {@code redis://127.0.0.1:6379}, {@code rediss://:password@host/2}
     * @return a builder with the defaults
     * @throws NullPointerException     if {@code url} is {@code null}
     * @throws IllegalArgumentException if {@code url} is not a Redis URL (the message does not quote it)
     */
    public static Builder builder(String url) {
        Objects.requireNonNull(url, "url");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            // Not chained: the parser's message may quote the URL, password and all.
            throw new IllegalArgumentException("not a Redis URL like redis://[[user]:password@]host[:port][/database]");
        }
        return builder(uri);
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (!Entries.storable(lookup)) {
            return Optional.empty();
        }
        Map<String, String> fields = call("could not look up a token", lookup, () -> redis.hgetall(keys.entry(Keys.id(lookup))));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Token token = Entries.token(fields);
        return token.lookup().equals(lookup) ? Optional.of(token) : Optional.empty();
    }

    @Override
    public List<Token> findAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (!Entries.storable(userId)) {
            return List.of();
        }
        List<Object> entries = call("could not list the tokens of user " + userId, null,
                () -> run(Script.FIND_ALL, ScriptOutputType.MULTI, List.of(keys.user(userId)), List.of()));
        return entries.stream().map(Entries::token).sorted(MOST_RECENTLY_USED_FIRST).toList();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the token's lookup value, user id, name or scopes hold a
     *                                  lone surrogate, which UTF-8 cannot hold
     */
    @Override
    public Token getOrInsert(Token candidate) {
        requireStorable(candidate);
        List<Object> reply = call("could not get or create the token of user " + candidate.userId(), candidate.lookup(),
                () -> store(Script.GET_OR_INSERT, candidate, ""));
        return switch (String.valueOf(reply.get(0))) {
            case "existing" -> Entries.token(reply.get(1));
            case "stored" -> candidate;
            default -> throw taken(candidate);
        };
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code maxPerUser} is under 1, or the token's lookup
     *                                  value, user id, name or scopes hold a lone surrogate, which
     *                                  UTF-8 cannot hold
     */
    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be at least 1, but was " + maxPerUser);
        }
        requireStorable(token);
        List<Object> reply = call("could not insert a token of user " + token.userId(), token.lookup(),
                () -> store(Script.INSERT, token, Integer.toString(maxPerUser)));
        if (!"stored".equals(reply.get(0))) {
            throw taken(token);
        }
        return reply.subList(1, reply.size()).stream().map(Entries::token).toList();
    }

    @Override
    public boolean delete(String lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (!Entries.storable(lookup)) {
            return false;
        }
        String id = Keys.id(lookup);
        long deleted = call("could not delete a token", lookup,
                () -> run(Script.DELETE, ScriptOutputType.INTEGER, List.of(keys.entry(id)), List.of(id)));
        return deleted > 0;
    }

    @Override
    public int deleteAllOf(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (!Entries.storable(userId)) {
            return 0;
        }
        long deleted = call("could not delete the tokens of user " + userId, null,
                () -> run(Script.DELETE_ALL, ScriptOutputType.INTEGER, List.of(keys.user(userId)), List.of()));
        return Math.toIntExact(deleted);
    }

    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(lastUsed, "lastUsed");
        if (!Entries.storable(lookup)) {
            return false;
        }
        String id = Keys.id(lookup);
        long touched = call("could not record the use of a token", lookup,
                () -> run(Script.TOUCH, ScriptOutputType.INTEGER, List.of(keys.entry(id)), List.of(Entries.instant(lastUsed),
                        expires == null ? "" : Entries.instant(expires), Entries.expireAt(Optional.ofNullable(expires)))));
        return touched > 0;
    }

    /** Closes the store's connection, and the client and threads it made if it made them; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            shutdown.run();
        }
    }

    /** Describes the store: its prefix and, if it made its own client, the URI without password. */
    @Override
    public String toString() {
        return "RedisTokenStore[" + (server == null ? "" : server + ", ") + "prefix=" + keys.prefix() + "]";
    }

    /** Runs {@link Script#GET_OR_INSERT} or {@link Script#INSERT} for {@code token}. */
    private <T> T store(Script script, Token token, String cap) {
        String id = Keys.id(token.lookup());
        List<String> args = new ArrayList<>(List.of(id, Entries.expireAt(token.expires()), cap));
        args.addAll(Entries.fields(token));
        return run(script, ScriptOutputType.MULTI, List.of(keys.user(token.userId()), keys.entry(id)), args);
    }

    /** Runs a script with its {@code KEYS} and its own {@code ARGV}, after the two every script is given. */
    private <T> T run(Script script, ScriptOutputType type, List<String> scriptKeys, List<String> scriptArgs) {
        String[] keyArray = scriptKeys.toArray(String[]::new);
        List<String> args = new ArrayList<>(List.of(keys.entries(), keys.users()));
        args.addAll(scriptArgs);
        String[] argArray = args.toArray(String[]::new);
        try {
            return redis.evalsha(script.sha1(), type, keyArray, argArray);
        } catch (RedisNoScriptException e) {
            return redis.eval(script.source(), type, keyArray, argArray); // which also caches it for EVALSHA
        }
    }

    /** Runs Redis commands, turning their failures into a {@link TokenStoreException} that does not quote {@code secret}. */
    private <T> T call(String doing, String secret, Supplier<T> commands) {
        try {
            return commands.get();
        } catch (RedisException e) {
            String why = e instanceof RedisCommandTimeoutException ? "Redis did not answer within " + commandTimeout.toMillis() + " ms"
                    : e instanceof RedisCommandExecutionException ? "Redis answered with an error"
                    : "no connection to Redis";
            throw new TokenStoreException(doing + ": " + why, SqlTokenStores.redact(e, secret));
        }
    }

    private static void requireStorable(Token token) {
        if (!Entries.storable(token.lookup() + token.userId() + token.name() + String.join(" ", token.scopes()))) {
            throw new IllegalArgumentException("the token's lookup value, user id, name or scopes hold a lone surrogate (half of "
                    + "a character), which UTF-8, the character set of this store, cannot hold");
        }
    }

    private static TokenStoreException taken(Token token) {
        return new TokenStoreException("lookup value " + token.fingerprint() + " already belongs to another token");
    }

    /**
     * Configures a {@link RedisTokenStore}.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final RedisClient client;
        private final RedisURI uri;
        private String prefix = "tokenauth:";
        private Duration commandTimeout = Duration.ofSeconds(2);

        private Builder(RedisClient client, RedisURI uri) {
            this.client = client;
            this.uri = uri;
        }

        /**
         * Sets what every key name of the store starts with, {@code tokenauth:} by default: one
         * prefix per application (or per test) that shares a Redis database. No prefix of one
         * store may start another's.
         *
         * @param prefix the prefix; may be empty for a database of the store's own
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Sets how long a call waits for Redis before it fails with {@link TokenStoreException}:
         * 2 seconds by default, so a sick Redis makes quick 503s rather than hung requests. A store
         * with a client of its own also waits this long at most for a connection.
         *
         * @param commandTimeout the timeout, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code commandTimeout} is zero or negative
         */
        public Builder commandTimeout(Duration commandTimeout) {
            if (commandTimeout.isNegative() || commandTimeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive, but was " + commandTimeout);
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * Connects and builds the store.
         *
         * @return the store; close it
         * @throws TokenStoreException if Redis cannot be reached
         */
        public RedisTokenStore build() {
            if (client != null) {
                return new RedisTokenStore(this, connect(client, () -> { }), () -> { });
            }
            OwnClient own = OwnClient.of(uri, commandTimeout);
            Runnable shutdown = own::shutdown;
            return new RedisTokenStore(this, connect(own.client(), shutdown), shutdown);
        }

        private StatefulRedisConnection<String, String> connect(RedisClient client, Runnable shutdown) {
            try {
                return client.connect(StringCodec.UTF8);
            } catch (RedisException e) {
                shutdown.run();
                throw new TokenStoreException("could not connect to Redis" + (uri == null ? "" : " at " + uri), e);
            }
        }
    }
}
