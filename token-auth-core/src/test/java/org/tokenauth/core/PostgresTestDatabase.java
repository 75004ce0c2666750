package org.tokenauth.core;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;

/**
 * The PostgreSQL that tests may use ({@link ExternalTestDatabase#POSTGRES}), with a schema of its
 * own for each test: set {@code TOKENAUTH_TEST_POSTGRES_URL} to a JDBC URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, and
 * {@code TOKENAUTH_TEST_POSTGRES_REQUIRED=true} to fail rather than skip without one.
 *
 * <p>Published in the test-jar for the other modules' PostgreSQL tests.
 *
 * @since 0.1
 */
public final class PostgresTestDatabase {

    private PostgresTestDatabase() {
    }

    /**
     * @return the JDBC URL, after checking it answers
     * @see ExternalTestDatabase#url()
     */
    public static String url() {
        return ExternalTestDatabase.POSTGRES.url();
    }

    /**
     * @param prefix the start of the schema's name
     * @return the new schema's name
     * @throws SQLException if it cannot be created
     * @see ExternalTestDatabase#createSchema(String)
     */
    public static String createSchema(String prefix) throws SQLException {
        return ExternalTestDatabase.POSTGRES.createSchema(prefix);
    }

    /**
     * @param schema the schema to drop
     * @throws SQLException if it cannot be dropped
     * @see ExternalTestDatabase#dropSchema(String)
     */
    public static void dropSchema(String schema) throws SQLException {
        ExternalTestDatabase.POSTGRES.dropSchema(schema);
    }

    /**
     * @param schema the schema unqualified names resolve to
     * @return a small pool; close it
     * @see ExternalTestDatabase#dataSource(String)
     */
    public static HikariDataSource dataSource(String schema) {
        return ExternalTestDatabase.POSTGRES.dataSource(schema);
    }
}
