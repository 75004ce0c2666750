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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.LastUseRecorder;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.cache.CachingTokenStore;
import org.tokenauth.core.cache.CachingUserLookup;

/**
 * A cached authentication: header in, {@link Authentication} out, with the token and its owner in
 * {@link CachingTokenStore} and {@link CachingUserLookup}, so no store or user query is made. In
 * DRF mode ({@code -p mode=drf}) a hit hashes the key (SHA-256) for its cache key and puts it back
 * on the cached token; in hashed mode ({@code -p mode=hashed}) the digest (HMAC) is the cache key.
 * Run with {@code -prof gc} to see what a hit allocates. {@code -p lastUse=on} adds a
 * {@link LastUseRecorder} (hashed mode's store keeps last uses): a hit then also asks whether the
 * token's last use is due, and notes it at most once a minute, written by the recorder's thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CachedAuthenticatorBenchmark {

    @Param({"drf", "hashed"})
    public String mode;

    @Param({"off", "on"})
    public String lastUse;

    private LastUseRecorder recorder;

    private TokenAuthenticator authenticator;
    private String validHeader;
    private String unknownHeader;

    @Setup
    public void setUp() {
        KeyMode keys = mode.equals("drf") ? KeyMode.drf() : KeyMode.hashed(ServerSecret.of("k1", new byte[32]));
        TokenService.Builder builder = TokenService.builder(CachingTokenStore.of(new InMemoryTokenStore())).keys(keys);
        if (lastUse.equals("on")) {
            recorder = LastUseRecorder.builder().build();
            builder.recordLastUse(recorder);
        }
        TokenService tokens = builder.build();
        Map<String, UserAccount> users = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            tokens.issueFor(Integer.toString(i));
            users.put(Integer.toString(i), new UserAccount(Integer.toString(i), "user" + i, true));
        }
        CachingUserLookup cachedUsers = CachingUserLookup.of(id -> Optional.ofNullable(users.get(id)));
        authenticator = new TokenAuthenticator(tokens, cachedUsers, TokenAuthenticator.DEFAULT_KEYWORD);
        validHeader = "Token " + tokens.issueFor("4242").key();
        unknownHeader = "Token " + (mode.equals("drf") ? "0".repeat(40) : keys.newKey());
        if (!(authenticator.authenticate(validHeader) instanceof Authentication.Authenticated)) {
            throw new IllegalStateException("the valid key does not authenticate");
        }
    }

    @TearDown
    public void tearDown() {
        if (recorder != null) {
            recorder.close();
        }
    }

    @Benchmark
    public Authentication validKey() {
        return authenticator.authenticate(validHeader);
    }

    @Benchmark
    public Authentication unknownKey() {
        return authenticator.authenticate(unknownHeader);
    }
}
