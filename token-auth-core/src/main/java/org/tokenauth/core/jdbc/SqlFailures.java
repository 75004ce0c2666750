package org.tokenauth.core.jdbc;

import java.sql.SQLException;

/** Reads SQL errors the same way on every database, and keeps secret keys out of them. */
final class SqlFailures {

    /** Far deeper than any driver nests its causes; guards against a cycle. */
    private static final int MAX_DEPTH = 32;

    private SqlFailures() {
    }

    /** An integrity constraint refused the write: SQLState class 23, the same on every database. */
    static boolean isConstraintViolation(Throwable failure) {
        return sqlStateStartingWith(failure, "23");
    }

    /**
     * A write lost to a concurrent one and may simply be tried again: a serialization failure or
     * deadlock (class 40), or H2's lock timeout (HYT00).
     */
    static boolean isTransient(Throwable failure) {
        return sqlStateStartingWith(failure, "40") || sqlStateStartingWith(failure, "HYT00");
    }

    private static boolean sqlStateStartingWith(Throwable failure, String prefix) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns {@code failure}, or, if any message in its cause chain quotes {@code secret} (databases
     * echo the values of a violated constraint: PostgreSQL's "Key (key)=(…) already exists", H2's
     * "VALUES ( … )"), a copy of the chain with the secret replaced by its fingerprint. The copy
     * keeps each exception's class name, message, SQLState, error code and stack trace.
     */
    static Throwable redact(Throwable failure, String secret) {
        if (secret == null || secret.isEmpty() || !mentions(failure, secret)) {
            return failure;
        }
        return copy(failure, secret, 0);
    }

    private static boolean mentions(Throwable failure, String secret) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(secret)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable copy(Throwable original, String secret, int depth) {
        String message = original.getClass().getName() + ": "
                + String.valueOf(original.getMessage()).replace(secret, fingerprint(secret));
        Throwable copy = original instanceof SQLException sql
                ? new SQLException(message, sql.getSQLState(), sql.getErrorCode())
                : new Exception(message);
        copy.setStackTrace(original.getStackTrace());
        Throwable cause = original.getCause();
        if (cause != null && cause != original && depth < MAX_DEPTH) {
            copy.initCause(copy(cause, secret, depth + 1));
        }
        return copy;
    }

    /** Like {@code Token.fingerprint()}: the first six characters and an ellipsis. */
    static String fingerprint(String key) {
        int end = Math.min(6, key.length());
        if (end < key.length() && Character.isHighSurrogate(key.charAt(end - 1))) {
            end--;
        }
        return key.substring(0, end) + "…";
    }
}
