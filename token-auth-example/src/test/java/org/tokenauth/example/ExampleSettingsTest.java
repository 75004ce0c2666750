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
    void toStringWhenPasswordsAreSetThenTheyAreNotShown() {
        ExampleSettings settings = ExampleSettings.defaults()
                .withDatabase("jdbc:postgresql://127.0.0.1/polls?user=u&password=hunter2", Optional.of("u"), Optional.of("pw2"))
                .withDemoLogin("admin", "demo-secret");
        assertThat(settings.toString()).doesNotContain("hunter2", "pw2", "demo-secret");
        assertThat(settings.dbUrlForDisplay()).isEqualTo("jdbc:postgresql://127.0.0.1/polls");
        assertThat(new DemoLogin("admin", "demo-secret", false).toString()).doesNotContain("demo-secret");
    }
}
