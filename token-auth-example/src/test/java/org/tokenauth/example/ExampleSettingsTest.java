package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.Pbkdf2PasswordHasher;

class ExampleSettingsTest {

    private static ExampleSettings parse(List<String> args, Map<String, String> properties, Map<String, String> env) {
        return ExampleSettings.parse(args, properties::get, env::get);
    }

    @Test
    void parseWhenNothingGivenThenDefaults() {
        ExampleSettings settings = parse(List.of(), Map.of(), Map.of());
        assertThat(settings).isEqualTo(ExampleSettings.defaults());
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8000);
        assertThat(settings.dbUrl()).startsWith("jdbc:h2:mem:");
        assertThat(settings.demoUsername()).isEqualTo("admin");
        assertThat(settings.demoPassword()).isEmpty();
        assertThat(settings.passwordIterations()).isEqualTo(Pbkdf2PasswordHasher.DEFAULT_ITERATIONS);
    }

    @Test
    void parseWhenGivenEverywhereThenOptionBeatsPropertyBeatsEnvironment() {
        Map<String, String> env = Map.of("TOKENAUTH_EXAMPLE_DB_URL", "jdbc:postgresql://db/env",
                "TOKENAUTH_EXAMPLE_PORT", "8001", "TOKENAUTH_EXAMPLE_DEMO_PASSWORD", "admin");
        Map<String, String> properties = Map.of("tokenauth.example.port", "8002");
        ExampleSettings settings = parse(List.of("--port=8003", "--demo-user", "demo", "--no-demo-data"), properties, env);
        assertThat(settings.port()).isEqualTo(8003);
        assertThat(settings.dbUrl()).isEqualTo("jdbc:postgresql://db/env");
        assertThat(settings.demoUsername()).isEqualTo("demo");
        assertThat(settings.demoPassword()).contains("admin");
        assertThat(settings.demoData()).isFalse();
        assertThat(parse(List.of(), properties, env).port()).isEqualTo(8002);
    }

    @Test
    void parseWhenValuesAreBadThenEveryProblemIsNamed() {
        assertThatThrownBy(() -> parse(List.of("--port", "eighty", "--db-url", "postgres://x?password=secret",
                "--password-iterations", "10", "--colour", "blue", "stray"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be a whole number from 0 to 65535, but was 'eighty'")
                .hasMessageContaining("db.url must be a JDBC URL")
                .hasMessageContaining("password.iterations must be a whole number from 1000")
                .hasMessageContaining("unknown option --colour")
                .hasMessageContaining("unexpected argument 'stray'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse(List.of("--demo-user", "has space"), Map.of(), Map.of()))
                .hasMessageContaining("demo.user must be");
        assertThatThrownBy(() -> parse(List.of("--port"), Map.of(), Map.of()))
                .hasMessageContaining("option --port needs a value");
    }

    @Test
    void parseWhenNoCacheThenCachesOff() {
        assertThat(ExampleSettings.defaults().caches()).isTrue();
        ExampleSettings off = parse(List.of("--no-cache"), Map.of(), Map.of());
        assertThat(off.caches()).isFalse();
        assertThat(off.toString()).endsWith(", no cache]");
        assertThat(parse(List.of(), Map.of("tokenauth.example.cache", "false"), Map.of()).caches()).isFalse();
        assertThat(parse(List.of(), Map.of(), Map.of("TOKENAUTH_EXAMPLE_CACHE", "no")).caches()).isFalse();
        assertThat(ExampleSettings.defaults().withCaches(false).caches()).isFalse();
    }

    @Test
    void parseWhenInvalidationPostgresThenBusChannelAndCacheTtl() {
        assertThat(ExampleSettings.defaults().invalidation()).isEqualTo(ExampleSettings.Invalidation.NONE);
        assertThat(ExampleSettings.defaults().tokenCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(30));
        ExampleSettings several = parse(List.of("--db-url", "jdbc:postgresql://127.0.0.1:5432/polls?user=postgres",
                "--invalidation", "postgres", "--invalidation-channel", "polls_a", "--token-cache-ttl", "5s"), Map.of(), Map.of());
        assertThat(several.invalidation()).isEqualTo(new ExampleSettings.Invalidation(ExampleSettings.Bus.POSTGRES,
                Optional.of("polls_a"), ExampleSettings.DEFAULT_REDIS_URL));
        assertThat(several.tokenCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(several.toString()).endsWith(", tokenCacheTtl=PT5S, invalidation=postgres on polls_a]");

        Map<String, String> env = Map.of("TOKENAUTH_EXAMPLE_DB_URL", "jdbc:postgresql://db/polls",
                "TOKENAUTH_EXAMPLE_INVALIDATION", "POSTGRES", "TOKENAUTH_EXAMPLE_TOKEN_CACHE_TTL", "PT0.5S");
        ExampleSettings fromEnv = parse(List.of(), Map.of(), env);
        assertThat(fromEnv.invalidation()).isEqualTo(new ExampleSettings.Invalidation(ExampleSettings.Bus.POSTGRES,
                Optional.empty(), ExampleSettings.DEFAULT_REDIS_URL));
        assertThat(fromEnv.tokenCacheTtl()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(parse(List.of("--invalidation=none"), Map.of(), env).invalidation()).isEqualTo(ExampleSettings.Invalidation.NONE);
    }

    @Test
    void parseWhenInvalidationRedisThenUrlAndChannelAndNoPasswordShown() {
        ExampleSettings redis = parse(List.of("--invalidation", "redis", "--invalidation-channel", "polls:prod"), Map.of(), Map.of());
        assertThat(redis.invalidation()).isEqualTo(new ExampleSettings.Invalidation(ExampleSettings.Bus.REDIS,
                Optional.of("polls:prod"), "redis://127.0.0.1:6379"));
        assertThat(redis.toString()).endsWith(", invalidation=redis at redis://127.0.0.1:6379 on polls:prod]");

        ExampleSettings secret = parse(List.of("--invalidation", "redis"), Map.of(),
                Map.of("TOKENAUTH_EXAMPLE_REDIS_URL", "rediss://:hunter2@cache.example:6380/0"));
        assertThat(secret.invalidation().redisUrl()).isEqualTo("rediss://:hunter2@cache.example:6380/0");
        assertThat(secret.invalidation().redisUrlForDisplay()).isEqualTo("rediss://cache.example:6380/0");
        assertThat(secret.toString()).doesNotContain("hunter2").contains("invalidation=redis at rediss://cache.example:6380/0");
        assertThat(secret.invalidation().toString()).doesNotContain("hunter2");
    }

    @Test
    void parseWhenInvalidationMisconfiguredThenEveryProblemIsNamed() {
        assertThatThrownBy(() -> parse(List.of("--invalidation", "kafka", "--token-cache-ttl", "25h"), Map.of(), Map.of()))
                .hasMessageContaining("invalidation must be one of postgres, redis, none, but was 'kafka'")
                .hasMessageContaining("token.cache.ttl must be at most 24h, but was '25h'");
        assertThatThrownBy(() -> parse(List.of("--invalidation", "postgres", "--invalidation-channel", "Polls-A",
                "--db-url", "jdbc:postgresql://db/polls"), Map.of(), Map.of()))
                .hasMessage("invalidation.channel: PostgresInvalidationBus channel must be 1 to 63 of a-z, 0-9 and _,"
                        + " not starting with a digit, but was 'Polls-A'");
        assertThatThrownBy(() -> parse(List.of("--invalidation", "redis", "--invalidation-channel", "with space"), Map.of(), Map.of()))
                .hasMessageContaining("invalidation.channel: RedisInvalidationBus channel must be 1 to 200 printable ASCII");
        assertThatThrownBy(() -> parse(List.of("--invalidation", "redis", "--redis-url", "http://:hunter2@cache:6379"),
                Map.of(), Map.of()))
                .hasMessage("redis.url: RedisInvalidationBus needs a redis:// or rediss:// URI");
        assertThatThrownBy(() -> parse(List.of("--invalidation", "postgres", "--db-url", "jdbc:h2:mem:x;PASSWORD=secret"),
                Map.of(), Map.of()))
                .hasMessageContaining("invalidation postgres needs a PostgreSQL database (--db-url jdbc:postgresql://...),"
                        + " but db.url was 'jdbc:h2:mem:x'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse(List.of("--invalidation", "postgres", "--no-cache", "--db-url", "jdbc:postgresql://db/polls"),
                Map.of(), Map.of()))
                .hasMessage("invalidation postgres needs the caches, but they are off (--no-cache)");
        for (String bad : new String[] {"0s", "soon", "-PT1S"}) {
            assertThatThrownBy(() -> parse(List.of("--token-cache-ttl", bad), Map.of(), Map.of()))
                    .hasMessageContaining("token.cache.ttl must be a positive duration");
        }
    }

    @Test
    void toStringWhenPasswordsAreSetThenTheyAreNotShown() {
        ExampleSettings settings = ExampleSettings.defaults()
                .withDatabase("jdbc:postgresql://127.0.0.1/polls?user=u&password=hunter2", Optional.of("u"), Optional.of("pw2"))
                .withDemoLogin("admin", "demo-secret");
        assertThat(settings.toString()).doesNotContain("hunter2", "pw2", "demo-secret");
        assertThat(settings.dbUrlForDisplay()).isEqualTo("jdbc:postgresql://127.0.0.1/polls");
        assertThat(new DemoLogin("admin", "demo-secret", false).toString()).doesNotContain("demo-secret");
    }

    @Test
    void parseWhenHashedTokensAskedThenModeTtlAndSecretFile() {
        assertThat(ExampleSettings.defaults().hashedTokens()).isFalse();
        assertThat(ExampleSettings.defaults().tokenSecretFile()).isEqualTo(java.nio.file.Path.of("token-secret"));
        ExampleSettings hashed = parse(List.of("--hashed-tokens", "--token-ttl", "10h", "--token-secret-file", "/tmp/s"), Map.of(), Map.of());
        assertThat(hashed.hashedTokens()).isTrue();
        assertThat(hashed.tokenTtl()).contains(java.time.Duration.ofHours(10));
        assertThat(hashed.tokenSecretFile()).isEqualTo(java.nio.file.Path.of("/tmp/s"));
        assertThat(parse(List.of("--token-ttl=PT30M"), Map.of(), Map.of()).tokenTtl()).contains(java.time.Duration.ofMinutes(30));
        assertThat(parse(List.of(), Map.of(), Map.of("TOKENAUTH_EXAMPLE_HASHED_TOKENS", "yes")).hashedTokens()).isTrue();
        assertThat(parse(List.of("--token-ttl", "7d"), Map.of(), Map.of()).tokenTtl()).contains(java.time.Duration.ofDays(7));
        for (String bad : new String[] {"0h", "ten hours", "-PT1H", "10 h"}) {
            assertThatThrownBy(() -> parse(List.of("--token-ttl", bad), Map.of(), Map.of()))
                    .hasMessageContaining("token.ttl must be a positive duration");
        }
    }

    @Test
    void loadWhenSecretFileMissingThenMadeOwnerOnlyAndSharedByEveryInstance(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("conf/token-secret");
        List<String> said = new java.util.ArrayList<>();

        org.tokenauth.core.ServerSecret first = TokenSecretFile.load(file, said::add);
        org.tokenauth.core.ServerSecret second = TokenSecretFile.load(file, said::add);

        assertThat(said).hasSize(1).allSatisfy(line -> assertThat(line).contains("Made a new token secret", file.toString()));
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(java.nio.file.Files.readString(file).strip()).matches("[0-9a-f]{64}");
        assertThat(second).isEqualTo(first);
        assertThat(first.id()).matches("s[0-9a-f]{8}");
        assertThat(first.toString()).doesNotContain(java.nio.file.Files.readString(file).strip().substring(0, 8));
    }

    @Test
    void loadWhenSecretTooShortThenStartFailsNamingTheSetting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("short"), "00112233445566778899aabbccddeeff\n");

        assertThatThrownBy(() -> TokenSecretFile.load(file, line -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token.secret.file (--token-secret-file)")
                .hasMessageContaining("16 bytes; at least 32")
                .hasMessageNotContaining("00112233");
    }
}
