package org.tokenauth.example.web;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.QueryTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import org.tokenauth.core.TokenStoreException;

/**
 * Tells a database outage from a bug: the failures that mean "the database cannot answer now"
 * (no connection within the pool's timeout, a connection cut, a statement or lock timeout, the
 * server shutting down or out of resources), anywhere in an exception's causes. Those are
 * answered 503, as the library's filter answers a failing token store; anything else stays a 500.
 *
 * @since 0.1
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * @param failure an exception from a request's work
     * @return whether it, or one of its causes, is the database being unavailable
     */
    public static boolean isUnavailable(Throwable failure) {
        return isUnavailable(failure, 0);
    }

    /** Causes and suppressed exceptions, depth first, bounded (a cycle or a deep chain ends the walk). */
    private static boolean isUnavailable(Throwable t, int depth) {
        if (t == null || depth > 16) {
            return false;
        }
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException
                || t instanceof QueryTimeoutException || t instanceof LockTimeoutException
                || t instanceof TokenStoreException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            // 08: connection exception; 53: insufficient resources; 57: operator intervention
            // (shutdown, statement timeout); HYT00/HY008: timeout, cancelled (H2 and others).
            if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                    || state.equals("HYT00") || state.equals("HY008"))) {
                return true;
            }
            // HikariCP's stand-in for a connection it closed because it broke: a commit that failed
            // on a cut connection surfaces as the rollback failing on this one, without a state.
            if (state == null && "Connection is closed".equals(sql.getMessage())) {
                return true;
            }
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (isUnavailable(suppressed, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && isUnavailable(t.getCause(), depth + 1);
    }
}
