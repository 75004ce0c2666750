package org.tokenauth.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Applies the DDL scripts shipped in the jar ({@code org/tokenauth/core/sql/<table>.<database>.sql}),
 * the way an application would, so the tests prove them.
 *
 * @since 0.1
 */
public final class SqlScripts {

    private SqlScripts() {
    }

    /**
     * Runs the {@code authtoken_token} script for a database.
     *
     * @param dataSource where to run it
     * @param database   {@code h2}, {@code postgresql} or {@code mysql}
     * @throws SQLException if a statement fails
     */
    public static void createTokenTable(DataSource dataSource, String database) throws SQLException {
        createTable(dataSource, "authtoken_token", database);
    }

    /**
     * Runs a table's script for a database.
     *
     * @param dataSource where to run it
     * @param table      {@code authtoken_token} or {@code tokenauth_token}
     * @param database   {@code h2}, {@code postgresql} or {@code mysql}
     * @throws SQLException if a statement fails
     */
    public static void createTable(DataSource dataSource, String table, String database) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements("org/tokenauth/core/sql/" + table + "." + database + ".sql")) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Reads a script and splits it into statements: {@code --} comment lines dropped, split on
     * {@code ;}.
     *
     * @param resource the script's class-path name
     * @return its statements
     */
    public static List<String> statements(String resource) {
        try (InputStream in = SqlScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no script " + resource + " on the class path");
            }
            StringBuilder text = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    text.append(line).append('\n');
                }
            }
            List<String> statements = new ArrayList<>();
            for (String sql : text.toString().split(";")) {
                if (!sql.isBlank()) {
                    statements.add(sql.strip());
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
