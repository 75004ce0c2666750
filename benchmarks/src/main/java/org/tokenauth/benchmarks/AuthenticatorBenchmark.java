package org.tokenauth.benchmarks;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;

/**
 * The hot path without I/O: an {@code Authorization} header value in, an {@link Authentication}
 * out, over the in-memory store. This is the library's own cost per request; a database store adds
 * its query on top (see {@link JdbcStoreBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthenticatorBenchmark {

    private TokenAuthenticator authenticator;
    private String validHeader;
    private String unknownHeader;

    @Setup
    public void setUp() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService tokens = new TokenService(store);
        for (int i = 0; i < 10_000; i++) {
            tokens.issueFor(Integer.toString(i));
        }
        Map<String, UserAccount> users = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            users.put(Integer.toString(i), new UserAccount(Integer.toString(i), "user" + i, true));
        }
        authenticator = new TokenAuthenticator(store, id -> Optional.ofNullable(users.get(id)));
        validHeader = "Token " + tokens.issueFor("4242").key();
        unknownHeader = "Token 0000000000000000000000000000000000000000";
    }

    @Benchmark
    public Authentication validKey() {
        return authenticator.authenticate(validHeader);
    }

    @Benchmark
    public Authentication unknownKey() {
        return authenticator.authenticate(unknownHeader);
    }

    @Benchmark
    public Authentication otherScheme() {
        return authenticator.authenticate("Basic dXNlcjpwYXNz");
    }
}
