package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * README's "Create the table" commands, run as written from the repository root after {@code package}
 * (this is a failsafe test, so this module's jar exists): each must hand psql the PostgreSQL script.
 */
class ReadmeCreateTableIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String PSQL = "psql \"$DATABASE_URL\"";
    private static final String SCRIPT = "org/tokenauth/core/sql/authtoken_token.postgresql.sql";

    @Test
    @DisplayName("each README command that feeds psql feeds it exactly the PostgreSQL script, and exits 0")
    void readmeWhenCreateTableCommandsRunThenTheyPipeTheScript() throws Exception {
        String script = resource(SCRIPT);
        for (String command : readmeCommands()) {
            // psql replaced by cat: what psql would have read is what comes out.
            Run run = bash(command.replace(PSQL, "cat"), null);
            assertEquals(0, run.exit(), command + " failed: " + run.err());
            assertEquals(script, run.out(), command + " did not pipe " + SCRIPT);
        }
    }

    @Test
    @DisplayName("on PostgreSQL, each README command as written creates authtoken_token")
    void readmeWhenCreateTableCommandsRunOnPostgresThenTableExists() throws Exception {
        String jdbcUrl = PostgresTestDatabase.url();
        for (String command : readmeCommands()) {
            String schema = PostgresTestDatabase.createSchema("readme_psql");
            try {
                // libpq takes the same URL without "jdbc:"; the options parameter puts the table in the schema.
                String databaseUrl = jdbcUrl.substring("jdbc:".length()) + (jdbcUrl.contains("?") ? "&" : "?")
                        + "options=-csearch_path%3D" + schema;
                Run run = bash("set -e; " + command, databaseUrl);
                assertEquals(0, run.exit(), command + " failed: " + run.err());
                try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT to_regclass('" + schema + ".authtoken_token')")) {
                    rs.next();
                    assertNotNull(rs.getString(1), command + " made no " + schema + ".authtoken_token: " + run.err());
                }
            } finally {
                PostgresTestDatabase.dropSchema(schema);
            }
        }
    }

    /** README's indented command lines that feed {@code psql "$DATABASE_URL"}. */
    private static List<String> readmeCommands() throws IOException {
        List<String> commands = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("    ") && line.contains(PSQL))
                .map(String::strip)
                .toList();
        assertFalse(commands.isEmpty(), "README shows no command that feeds " + PSQL);
        return commands;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run bash(String command, String databaseUrl) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).directory(ROOT.toFile());
        if (databaseUrl != null) {
            builder.environment().put("DATABASE_URL", databaseUrl);
        }
        Path out = Files.createTempFile("readme-command", ".out");
        Path err = Files.createTempFile("readme-command", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReadmeCreateTableIT.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
