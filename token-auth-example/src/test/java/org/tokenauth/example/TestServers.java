package org.tokenauth.example;

import java.util.Optional;

/** Starts the example as the launcher does, on a free port, with settings fit for tests. */
final class TestServers {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "a-long-test-password-for-admin";

    private TestServers() {
    }

    /** The launcher's defaults, except: any free port, this database, a known demo password, quick hashing. */
    static ExampleSettings settings(String dbUrl) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        return ExampleSettings.defaults()
                .withPort(0)
                .withDatabase(dbUrl, Optional.empty(), Optional.empty())
                .withDemoLogin(ADMIN, ADMIN_PASSWORD)
                // 1,000 rather than 1,000,000 PBKDF2 iterations: tests log in and register often.
                .withPasswordIterations(1_000);
    }

    static ExampleServer start(String dbUrl) throws Exception {
        return ExampleServer.start(settings(dbUrl));
    }

    /** Starts the example in hashed mode ({@code --hashed-tokens}), its secret in a new file under {@code target/}. */
    static ExampleServer startHashed(String dbUrl) throws Exception {
        return ExampleServer.start(hashed(settings(dbUrl)));
    }

    /** Starts the example in hashed mode with its secret in {@code secretFile} (made if missing). */
    static ExampleServer startHashed(String dbUrl, java.nio.file.Path secretFile) throws Exception {
        return ExampleServer.start(settings(dbUrl).withHashedTokens(Optional.empty(), secretFile));
    }

    /** {@code settings} in hashed mode ({@code --hashed-tokens}), the secret in a new file under {@code target/}. */
    static ExampleSettings hashed(ExampleSettings settings) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        return settings.withHashedTokens(Optional.empty(), java.nio.file.Files.createTempDirectory(dir, "secret-").resolve("token-secret"));
    }
}
