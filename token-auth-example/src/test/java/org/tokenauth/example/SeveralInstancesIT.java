package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.core.redis.RedisProcess;

/**
 * Issue 13, measured: three instances of the built runnable jar, each a JVM of its own on a port of
 * its own on 127.0.0.1, sharing one PostgreSQL database made for the run (dropped after), their
 * caches kept in step by {@code --invalidation postgres}, then (three new instances) by
 * {@code --invalidation redis} on a {@code redis-server} the test starts on a free loopback port,
 * on a channel of the run's own. DRF mode: a logout revokes the user's one token. A, B and C run
 * with the defaults (token cache 30 s: the cache bound).
 *
 * <ol>
 *   <li><b>Propagation.</b> For each revocation, a user logs in through A, B and C each answer 200
 *       for the token (so it is cached there), A revokes it (logout, 204), and B and C are polled in
 *       turn (one request each, then 0.1 ms) until each answers 401 {@code Invalid token.}. A
 *       time runs from A's 204 to the 401 received; p50, p99 and max are reported, after 20
 *       revocations not counted (the JVMs warming up).</li>
 *   <li><b>Steady state.</b> Four clients send requests to the three instances at random: valid
 *       tokens of 20 users ({@code /polls/api/}, one in ten the question list), one in 500 a key
 *       from a set of 5 unknown ones (a stale client), and for every 1,000 requests a user logs
 *       in, uses the new token on each instance and logs out. Each instance's hit ratio over the load is read from {@code /admin/cache/}, every
 *       token having been used once on every instance before.</li>
 *   <li><b>Bus down.</b> With two clients still sending requests, the bus goes away for
 *       {@code several.outage.seconds}: PostgreSQL's listening connections are cut
 *       ({@code pg_terminate_backend} every 50 ms), Redis is stopped and then started again on
 *       its port. Five revocations made meanwhile must be seen within the cache bound. Then every
 *       instance must report a new gap and listen again, and 20 more revocations show propagation
 *       after it.</li>
 * </ol>
 *
 * <p>Only correctness is asserted: every answer as expected (no 5xx, no connection failure, no
 * request failing while the bus is down), every revocation seen by B and C within the cache
 * bound, the bus lost and found again. Times are reported, never asserted (the machine may be
 * shared): on standard output, and as rows of {@code target/several-instances.tsv}.
 *
 * <p>Sizes: {@code -Dseveral.revocations} (100), {@code -Dseveral.load.seconds} (5),
 * {@code -Dseveral.outage.seconds} (3). The full run's command is in README, "Running several
 * instances".
 */
@DisplayName("three java -jar instances on one database: a revocation through one is seen by the others (issue 13)")
class SeveralInstancesIT {

    private static final int REVOCATIONS = Integer.getInteger("several.revocations", 100);
    private static final int LOAD_SECONDS = Integer.getInteger("several.load.seconds", 5);
    private static final int OUTAGE_SECONDS = Integer.getInteger("several.outage.seconds", 3);

    /** The token cache's default bound, which the instances run with. */
    private static final Duration CACHE_BOUND = Duration.ofSeconds(30);

    /** Beyond the bound: one poll's round trip and a busy machine's scheduling. */
    private static final Duration SLACK = Duration.ofSeconds(2);

    /** Authenticated, and nothing queried beyond the token: the cheapest request a token decides. */
    private static final String PROBE = "/polls/api/";

    private static final String PASSWORD = "several instances pw";

    /** In the steady state, a login and a logout for every this many requests. */
    private static final int CHURN_EVERY = 1_000;

    /** Revocations before the propagation is measured. */
    private static final int WARM_UP = 20;

    private static final Path REPORT = JarProcess.JAR.toAbsolutePath().resolveSibling("several-instances.tsv");

    @BeforeAll
    static void newReport() throws IOException {
        Files.writeString(REPORT, "date\tbus\tphase\tn\tp50_ms\tp99_ms\tmax_ms\thit_ratio\trequests\tfailures\tnote\n",
                StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("PostgreSQL LISTEN/NOTIFY: propagation, hit ratio under load, the listeners terminated")
    void postgres(@TempDir Path folder) throws Exception {
        try (TestDatabases.PostgresDatabase db = TestDatabases.freshPostgresDatabase("several_");
             Trio trio = Trio.start(folder, List.of("--db-url", db.url(), "--invalidation", "postgres"))) {
            measure(new Run("postgres", trio), new TerminatedListeners(db));
        }
    }

    @Test
    @DisplayName("Redis pub/sub, on a redis-server of the test's own: propagation, hit ratio under load, Redis stopped")
    void redis(@TempDir Path folder) throws Exception {
        String channel = "several:" + randomKey().substring(0, 12); // pub/sub is server-wide: a channel per run
        try (TestDatabases.PostgresDatabase db = TestDatabases.freshPostgresDatabase("several_");
             RedisProcess redis = RedisProcess.start(folder);
             Trio trio = Trio.start(folder, List.of("--db-url", db.url(), "--invalidation", "redis",
                     "--redis-url", redis.url(), "--invalidation-channel", channel))) {
            measure(new Run("redis", trio), new StoppedRedis(redis));
        }
    }

    /** The three phases; on a failure, the instances' last lines of output too. */
    private static void measure(Run run, Outage outage) throws Exception {
        try {
            run.propagation(REVOCATIONS);
            run.steadyState(Duration.ofSeconds(LOAD_SECONDS));
            run.busDown(outage, Duration.ofSeconds(OUTAGE_SECONDS));
        } catch (Exception | Error e) {
            run.trio.printOutputs();
            throw e;
        }
    }

    // ---- The instances ---------------------------------------------------------------------------

    /** One running instance: its process, and an HTTP client (keep-alive) to it. */
    record Instance(String name, JarProcess process, Http http) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** A, B and C: A started first (it creates the tables), then B and C together. */
    static final class Trio implements AutoCloseable {

        private final List<Instance> all;

        private Trio(List<Instance> all) {
            this.all = all;
        }

        static Trio start(Path folder, List<String> options) throws Exception {
            List<String> args = new ArrayList<>(List.of("--port", "0", "--demo-password", PASSWORD,
                    "--password-iterations", "1000"));
            args.addAll(options);
            List<String> jvm = List.of("-Xmx384m");
            Path jar = JarProcess.JAR.toAbsolutePath();
            List<JarProcess> started = new ArrayList<>();
            try {
                started.add(JarProcess.start("A", folder, jar, jvm, args));
                URI a = started.get(0).awaitBanner(180);
                started.add(JarProcess.start("B", folder, jar, jvm, args));
                started.add(JarProcess.start("C", folder, jar, jvm, args));
                URI b = started.get(1).awaitBanner(180);
                URI c = started.get(2).awaitBanner(180);
                return new Trio(List.of(new Instance("A", started.get(0), new Http(a)),
                        new Instance("B", started.get(1), new Http(b)), new Instance("C", started.get(2), new Http(c))));
            } catch (Exception | Error e) {
                started.forEach(JarProcess::close);
                throw e;
            }
        }

        Instance a() {
            return all.get(0);
        }

        /** B and C: they hold tokens in their caches that A revokes. */
        List<Instance> observers() {
            return all.subList(1, 3);
        }

        List<Instance> all() {
            return all;
        }

        Instance any() {
            return all.get(ThreadLocalRandom.current().nextInt(all.size()));
        }

        void printOutputs() {
            for (Instance instance : all) {
                String output = instance.process().output();
                String[] lines = output.split("\n");
                System.out.println("---- " + instance.process() + ", last lines:");
                System.out.println(String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length)));
            }
        }

        /** Stops the three at once (SIGTERM), then waits for each. */
        @Override
        public void close() {
            all.parallelStream().forEach(instance -> instance.process().close());
        }
    }

    // ---- One bus's run ---------------------------------------------------------------------------

    /** A token revoked through A, and when A's answer came. */
    record Revocation(String token, long revokedAt) {
    }

    /** The phases on one trio, and the rows they report. */
    static final class Run {

        private final String bus;
        private final Trio trio;
        private final String adminToken;
        private final AtomicInteger users = new AtomicInteger();
        private List<String> loadTokens = List.of();

        Run(String bus, Trio trio) {
            this.bus = bus;
            this.trio = trio;
            this.adminToken = trio.a().http().login(TestServers.ADMIN, PASSWORD);
        }

        void propagation(int revocations) {
            List<String> names = register(10, "p");
            for (int i = 0; i < WARM_UP; i++) { // the JVMs' first requests are slow: not counted
                awaitRefused(List.of(revokeThroughA(names.get(i % names.size()))));
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < revocations; i++) {
                millis.addAll(awaitRefused(List.of(revokeThroughA(names.get(i % names.size())))));
            }
            report("propagation", Spread.of(millis), Double.NaN, 0, 0,
                    revocations + " revocations through A (after " + WARM_UP + " not counted), each seen by B and C");
        }

        void steadyState(Duration length) throws InterruptedException {
            loadTokens = register(20, "s").stream().map(name -> trio.a().http().login(name, PASSWORD)).toList();
            List<String> churners = register(3, "c");
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                unknown.add(randomKey());
            }
            for (String token : loadTokens) { // steady: each token cached everywhere once
                for (Instance instance : trio.all()) {
                    expect(instance.http().get(PROBE, token), 200, instance, "a token's first use");
                }
            }
            Map<Instance, JsonNode> before = tokenCaches();
            Load load = Load.start(trio, loadTokens, unknown, 4);
            long end = System.nanoTime() + length.toNanos();
            int churned = 0;
            while (System.nanoTime() < end) {
                if (load.requests() < (churned + 1L) * CHURN_EVERY) {
                    TimeUnit.MILLISECONDS.sleep(5);
                    continue;
                }
                // A login and a logout: the new token is a miss on each instance, once.
                String name = churners.get(churned++ % churners.size());
                String token = trio.any().http().login(name, PASSWORD);
                for (Instance instance : trio.all()) {
                    expect(instance.http().get(PROBE, token), 200, instance, "a fresh login's token");
                }
                expect(trio.any().http().method("POST", "/accounts/logout/", token), 204, null, "a logout");
            }
            Load.Result result = load.stop();
            Map<Instance, JsonNode> after = tokenCaches();

            long hits = 0;
            long misses = 0;
            StringBuilder each = new StringBuilder();
            for (Instance instance : trio.all()) {
                long h = after.get(instance).get("hits").asLong() - before.get(instance).get("hits").asLong();
                long m = after.get(instance).get("misses").asLong() - before.get(instance).get("misses").asLong();
                hits += h;
                misses += m;
                each.append(String.format(Locale.ROOT, "%s %.4f (%d misses), ", instance, ratio(h, m), m));
            }
            report("steady_state", null, ratio(hits, misses), result.requests(), result.failures(),
                    each + String.format(Locale.ROOT, "%.0f req/s for %d s; %d logins and logouts (one per %d requests)",
                            result.requests() / (double) length.toSeconds(), length.toSeconds(), churned, CHURN_EVERY));
            result.assertNoFailure("under a mixed load");
        }

        void busDown(Outage outage, Duration length) throws Exception {
            List<String> during = register(5, "o");
            List<String> after = register(10, "r");
            Map<Instance, JsonNode> before = buses();
            Load load = Load.start(trio, loadTokens, List.of(), 2);
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            List<Double> whileDown;
            try {
                outage.begin();
                ScheduledFuture<?> ending = clock.schedule(() -> {
                    outage.end();
                    return null;
                }, length.toMillis(), TimeUnit.MILLISECONDS);
                List<Revocation> revoked = new ArrayList<>();
                for (String name : during) {
                    revoked.add(revokeThroughA(name));
                }
                whileDown = awaitRefused(revoked);
                ending.get(length.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            } finally {
                clock.shutdownNow();
                outage.end(); // no harm if it ended already; a must if the test failed before
            }
            awaitBusesBack(before);
            Load.Result result = load.stop();
            report("bus_down", Spread.of(whileDown), Double.NaN, result.requests(), result.failures(),
                    during.size() + " revocations through A while " + outage + ", each seen by B and C");
            result.assertNoFailure("while the bus was down");

            List<Double> recovered = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                recovered.addAll(awaitRefused(List.of(revokeThroughA(after.get(i % after.size())))));
            }
            report("recovered", Spread.of(recovered), Double.NaN, 0, 0,
                    "20 revocations through A once every bus listened again");
        }

        /** Registers {@code count} users through A (no throttle on registration). */
        private List<String> register(int count, String prefix) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + users.incrementAndGet();
                Http.Response response = trio.a().http().json("POST", "/accounts/register/", null,
                        Map.of("username", name, "password", PASSWORD));
                expect(response, 201, trio.a(), "registering " + name);
                names.add(name);
            }
            return names;
        }

        /** Logs in through A, has B and C cache the token, and revokes it through A. */
        private Revocation revokeThroughA(String name) {
            String token = trio.a().http().login(name, PASSWORD); // DRF: a new token since the last logout
            for (Instance observer : trio.observers()) {
                expect(observer.http().get(PROBE, token), 200, observer, "the token before its revocation");
            }
            Http.Response logout = trio.a().http().method("POST", "/accounts/logout/", token);
            long revokedAt = System.nanoTime();
            expect(logout, 204, trio.a(), "the logout");
            return new Revocation(token, revokedAt);
        }

        /**
         * Polls B and C for each token in turn until each answers 401, within the cache bound.
         *
         * @return the times from each revocation to each observer's 401, in milliseconds
         */
        private List<Double> awaitRefused(List<Revocation> revocations) {
            record Pending(Revocation revocation, Instance observer) {
            }
            List<Pending> pending = new ArrayList<>();
            for (Revocation revocation : revocations) {
                for (Instance observer : trio.observers()) {
                    pending.add(new Pending(revocation, observer));
                }
            }
            List<Double> millis = new ArrayList<>();
            while (!pending.isEmpty()) {
                for (var it = pending.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    Http.Response response = p.observer().http().get(PROBE, p.revocation().token());
                    long elapsed = System.nanoTime() - p.revocation().revokedAt();
                    if (response.status() == 401) {
                        assertThat(response.body()).as(p.observer() + "'s refusal").isEqualTo("{\"detail\":\"Invalid token.\"}");
                        millis.add(elapsed / 1e6);
                        it.remove();
                    } else {
                        expect(response, 200, p.observer(), "a token being revoked");
                        if (elapsed > CACHE_BOUND.plus(SLACK).toNanos()) {
                            throw new AssertionError(p.observer() + " still accepts a token revoked through A "
                                    + elapsed / 1_000_000 + " ms ago: past the cache bound of " + CACHE_BOUND.toSeconds() + " s");
                        }
                    }
                }
                if (!pending.isEmpty()) {
                    LockSupport.parkNanos(100_000);
                }
            }
            return millis;
        }

        private Map<Instance, JsonNode> tokenCaches() {
            Map<Instance, JsonNode> caches = new LinkedHashMap<>();
            for (Instance instance : trio.all()) {
                caches.put(instance, figures(instance).get("token_cache"));
            }
            return caches;
        }

        private Map<Instance, JsonNode> buses() {
            Map<Instance, JsonNode> buses = new LinkedHashMap<>();
            for (Instance instance : trio.all()) {
                buses.put(instance, figures(instance).get("invalidation"));
            }
            return buses;
        }

        private JsonNode figures(Instance instance) {
            Http.Response response = instance.http().get("/admin/cache/", adminToken);
            expect(response, 200, instance, "/admin/cache/");
            return response.json();
        }

        /**
         * Waits (30 s at most) until every instance's bus has reported a gap since {@code before}
         * (it resubscribed, and cleared the caches) and listens (where the bus says).
         */
        private void awaitBusesBack(Map<Instance, JsonNode> before) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                Map<Instance, JsonNode> now = buses();
                boolean all = true;
                for (Instance instance : trio.all()) {
                    JsonNode bus = now.get(instance);
                    all &= bus.get("gaps").asLong() > before.get(instance).get("gaps").asLong()
                            && (!bus.has("listening") || bus.get("listening").asBoolean());
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not within 30 s: every bus reports a new gap and listens again; before "
                            + before + ", now " + now);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        private void report(String phase, Spread spread, double hitRatio, long requests, long failures, String note) {
            String line = String.join("\t", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), bus, phase,
                    spread == null ? "" : Integer.toString(spread.n()),
                    spread == null ? "" : format(spread.p50()), spread == null ? "" : format(spread.p99()),
                    spread == null ? "" : format(spread.max()),
                    Double.isNaN(hitRatio) ? "" : String.format(Locale.ROOT, "%.4f", hitRatio),
                    requests == 0 ? "" : Long.toString(requests), requests == 0 ? "" : Long.toString(failures), note);
            System.out.println("several instances | " + line.replace('\t', '|'));
            try {
                Files.writeString(REPORT, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + REPORT, e);
            }
        }

        private static String format(double millis) {
            return String.format(Locale.ROOT, "%.1f", millis);
        }

        private static double ratio(long hits, long misses) {
            return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        }
    }

    /** What each observer took: n times, their median, 99th percentile (nearest rank) and maximum. */
    record Spread(int n, double p50, double p99, double max) {

        static Spread of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Spread(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    static void expect(Http.Response response, int status, Instance instance, String what) {
        if (response.status() != status) {
            throw new AssertionError((instance == null ? "" : instance + ": ") + what + " answered " + response
                    + ", not " + status);
        }
    }

    static String randomKey() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // ---- Load ------------------------------------------------------------------------------------

    /**
     * Clients sending requests to random instances until stopped: valid tokens (one request in ten
     * the question list, a query, the rest the API root), and one in 500 a key of {@code unknown}
     * if there are any. Any other answer, and any failure to get one, is counted and kept.
     */
    static final class Load {

        private final List<Thread> clients = new ArrayList<>();
        private final LongAdder requests = new LongAdder();
        private final AtomicLong failures = new AtomicLong();
        private final ConcurrentLinkedQueue<String> firstFailures = new ConcurrentLinkedQueue<>();
        private volatile boolean stopped;

        /** What the clients did: requests answered as expected or not. */
        record Result(long requests, long failures, List<String> firstFailures) {

            void assertNoFailure(String when) {
                assertThat(failures).as("requests that failed " + when + ", first ones: " + firstFailures).isZero();
            }
        }

        static Load start(Trio trio, List<String> tokens, List<String> unknown, int clients) {
            Load load = new Load();
            for (int i = 0; i < clients; i++) {
                Thread client = new Thread(() -> load.send(trio, tokens, unknown), "load-" + i);
                client.setDaemon(true);
                load.clients.add(client);
                client.start();
            }
            return load;
        }

        private void send(Trio trio, List<String> tokens, List<String> unknown) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stopped) {
                Instance instance = trio.any();
                boolean stale = !unknown.isEmpty() && random.nextInt(500) == 0;
                String token = stale ? unknown.get(random.nextInt(unknown.size())) : tokens.get(random.nextInt(tokens.size()));
                String path = !stale && random.nextInt(10) == 0 ? "/polls/api/questions/" : PROBE;
                int expected = stale ? 401 : 200;
                try {
                    Http.Response response = instance.http().get(path, token);
                    if (response.status() != expected) {
                        failed(instance + " GET " + path + ": " + response + ", not " + expected);
                    }
                } catch (RuntimeException e) {
                    failed(instance + " GET " + path + ": " + e);
                }
                requests.increment();
            }
        }

        private void failed(String what) {
            if (failures.incrementAndGet() <= 10) {
                firstFailures.add(what);
            }
        }

        long requests() {
            return requests.sum();
        }

        Result stop() throws InterruptedException {
            stopped = true;
            for (Thread client : clients) {
                client.join(40_000); // a request in flight has 30 s at most
            }
            return new Result(requests.sum(), failures.get(), List.copyOf(firstFailures));
        }
    }

    // ---- Outages ---------------------------------------------------------------------------------

    /** What takes the bus away for a while and gives it back. */
    interface Outage {

        void begin() throws Exception;

        /** Ends the outage; again is harmless. */
        void end() throws Exception;
    }

    /** Redis's bus down: the server stopped (SIGTERM), then started again on the same port. */
    static final class StoppedRedis implements Outage {

        private final RedisProcess redis;
        private long stoppedAt;
        private long downFor = -1;

        StoppedRedis(RedisProcess redis) {
            this.redis = redis;
        }

        @Override
        public void begin() throws InterruptedException {
            redis.stop();
            stoppedAt = System.nanoTime();
        }

        @Override
        public synchronized void end() throws IOException, InterruptedException {
            if (downFor < 0) {
                downFor = (System.nanoTime() - stoppedAt) / 1_000_000;
                redis.start();
            }
        }

        @Override
        public String toString() {
            return "Redis was stopped (" + downFor + " ms)";
        }
    }

    /**
     * PostgreSQL's bus down: every 50 ms, the backends of the listening connections of this
     * database are terminated ({@code pg_terminate_backend}), as an operator or a failover would;
     * each instance takes another connection after its backoff, and loses it again.
     */
    static final class TerminatedListeners implements Outage {

        private final TestDatabases.PostgresDatabase db;
        private final AtomicLong terminated = new AtomicLong();
        private final AtomicLong attempts = new AtomicLong();
        private ScheduledExecutorService killer;
        private Connection connection;
        private long began;
        private long ended;

        TerminatedListeners(TestDatabases.PostgresDatabase db) {
            this.db = db;
        }

        @Override
        public void begin() throws SQLException {
            connection = TestDatabases.connect(db.serverUrl());
            PreparedStatement terminate = connection.prepareStatement("SELECT count(pg_terminate_backend(pid))"
                    + " FROM pg_stat_activity WHERE application_name = ? AND datname = ?");
            terminate.setString(1, "tokenauth-invalidation-listener");
            terminate.setString(2, db.name());
            began = System.nanoTime();
            killer = Executors.newSingleThreadScheduledExecutor();
            killer.scheduleAtFixedRate(() -> {
                try (ResultSet rs = terminate.executeQuery()) {
                    rs.next();
                    terminated.addAndGet(rs.getLong(1));
                    attempts.incrementAndGet();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void end() throws SQLException, InterruptedException {
            if (killer == null) {
                return;
            }
            killer.shutdown();
            killer.awaitTermination(10, TimeUnit.SECONDS);
            killer = null;
            ended = System.nanoTime();
            connection.close();
            assertThat(terminated.get()).as("listening backends terminated").isPositive();
        }

        @Override
        public String toString() {
            return "the listeners were terminated (" + terminated + " backends in "
                    + attempts + " rounds of pg_terminate_backend over " + (ended - began) / 1_000_000 + " ms)";
        }
    }
}
