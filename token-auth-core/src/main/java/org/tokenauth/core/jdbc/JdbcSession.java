package org.tokenauth.core.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.JdbcTokenStore.UserIdType;

/**
 * One call's connection for the JDBC stores, in auto-commit mode whatever the pool's default (the
 * pool's setting is put back after), with a transaction when a call needs several statements to
 * hold together; and what both stores do alike with user ids, times and failures.
 */
final class JdbcSession implements AutoCloseable {

    /** A unit of work on the session's connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    final Connection connection;
    private final boolean autoCommit;

    JdbcSession(DataSource dataSource) throws SQLException {
        connection = dataSource.getConnection();
        try {
            autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        } finally {
            connection.close();
        }
    }

    /** The id as the column's JDBC value, or {@code null} if no row can have it. */
    static Object userIdParameter(UserIdType type, String userId) {
        switch (type) {
            case INTEGER:
                return SqlTokenStores.integerUserId(userId);
            case UUID:
                try {
                    UUID id = UUID.fromString(userId);
                    return id.toString().equals(userId) ? id : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            default:
                return userId.indexOf('\0') >= 0 ? null : userId;
        }
    }

    /** The id as the column's JDBC value, for a write. */
    static Object requireUserId(UserIdType type, String userId) {
        Object id = userIdParameter(type, userId);
        if (id == null) {
            throw new IllegalArgumentException("user id '" + userId + "' is not the canonical text of a "
                    + type + " id" + (type == UserIdType.INTEGER ? " (a decimal number, like 42)" : ""));
        }
        return id;
    }

    /** Reads a user id column as the id's canonical text. */
    static String userId(UserIdType type, ResultSet rows, int column) throws SQLException {
        return switch (type) {
            case INTEGER -> Long.toString(rows.getLong(column));
            case STRING -> rows.getString(column);
            case UUID -> rows.getObject(column, UUID.class).toString();
        };
    }

    /** An instant as a {@code timestamp with time zone} parameter, in UTC. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Reads a time column as an instant: {@code timestamp with time zone} as it is; a MySQL
     * {@code DATETIME}, which has no zone, in the session's zone, which must be UTC (see the MySQL
     * scripts).
     */
    static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A storage failure whose message and causes never quote {@code key}. */
    static TokenStoreException failure(String what, SQLException cause, String key) {
        String state = cause == null ? "" : " (SQLState " + cause.getSQLState() + ")";
        return new TokenStoreException(what + state, SqlTokenStores.redact(cause, key));
    }
}
