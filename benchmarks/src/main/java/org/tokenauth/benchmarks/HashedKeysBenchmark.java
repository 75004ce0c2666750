package org.tokenauth.benchmarks;

import java.util.HashMap;
import java.util.List;
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
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;

/**
 * Hashed mode's own costs: refusing a key whose checksum is wrong (prefix, length, alphabet and
 * CRC32, before any store), the HMAC of a key, and a whole authentication over the in-memory
 * store, next to {@link AuthenticatorBenchmark}'s DRF-mode figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HashedKeysBenchmark {

    private KeyMode keys;
    private String key;
    private String badChecksum;
    private TokenAuthenticator authenticator;
    private String validHeader;
    private String unknownHeader;

    @Setup
    public void setUp() {
        keys = KeyMode.hashed(ServerSecret.of("bench", new byte[32]));
        key = keys.newKey();
        char last = key.charAt(key.length() - 1);
        badChecksum = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService tokens = TokenService.builder(store).keys(keys).build();
        Map<String, UserAccount> users = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            tokens.issueFor(Integer.toString(i));
            users.put(Integer.toString(i), new UserAccount(Integer.toString(i), "user" + i, true));
        }
        authenticator = new TokenAuthenticator(tokens, id -> Optional.ofNullable(users.get(id)), "Token");
        validHeader = "Token " + tokens.issueFor("4242").key();
        unknownHeader = "Token " + keys.newKey();
    }

    /** A typo'd key: refused by its checksum, with no store access. */
    @Benchmark
    public List<String> refuseBadChecksum() {
        return keys.lookupsOf(badChecksum);
    }

    /** Checksum, then HMAC-SHA256 under one secret: what a well-formed key costs before its one query. */
    @Benchmark
    public List<String> hmacOfWellFormedKey() {
        return keys.lookupsOf(key);
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
