package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.Token;

class SqlTokenStoresTest {

    private static final String KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";

    @Test
    void fitsKeyColumnWhenKeyIsStorableThenTrue() {
        assertTrue(SqlTokenStores.fitsKeyColumn(KEY, 40));
        assertTrue(SqlTokenStores.fitsKeyColumn("ключ-\uD83D\uDD11", 40)); // a whole surrogate pair is one code point
    }

    @Test
    void fitsKeyColumnWhenKeyCannotBeStoredThenFalse() {
        assertFalse(SqlTokenStores.fitsKeyColumn(KEY + "0", 40));
        assertFalse(SqlTokenStores.fitsKeyColumn("abc\0def", 40));
        assertFalse(SqlTokenStores.fitsKeyColumn("abc\uD83D", 40)); // lone high surrogate at the end
        assertFalse(SqlTokenStores.fitsKeyColumn("\uDD11abc", 40)); // lone low surrogate
    }

    @Test
    void storableWhenCreatedHasNanosThenTruncatedToMicros() {
        Token token = Token.of(KEY, "7", Instant.parse("2026-11-28T12:00:00.123456789Z"));

        Token stored = SqlTokenStores.storable(token, "authtoken_token", 40);

        assertEquals(Instant.parse("2026-11-28T12:00:00.123456Z"), stored.created());
        assertThrows(IllegalArgumentException.class,
                () -> SqlTokenStores.storable(Token.of(KEY + "0", "7", Instant.EPOCH), "authtoken_token", 40));
    }

    @Test
    void redactWhenMessageQuotesTheKeyThenOnlyItsFingerprintRemains() {
        SQLException duplicate = new SQLException("Key (key)=(" + KEY + ") already exists.", "23505", 0);
        Exception wrapper = new RuntimeException("insert failed", duplicate);

        Throwable redacted = SqlTokenStores.redact(wrapper, KEY);

        for (Throwable t = redacted; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.getMessage());
        }
        assertTrue(redacted.getCause().getMessage().contains("sha256:5cc1e911"));
        assertEquals("23505", ((SQLException) redacted.getCause()).getSQLState());
        assertTrue(SqlTokenStores.isConstraintViolation(redacted));
    }

    @Test
    void redactWhenNoMessageQuotesTheKeyThenSameFailure() {
        SQLException down = new SQLException("Connection refused", "08001", 0);

        assertSame(down, SqlTokenStores.redact(down, KEY));
        assertFalse(SqlTokenStores.isConstraintViolation(down));
        assertFalse(SqlTokenStores.isTransient(down));
        assertTrue(SqlTokenStores.isTransient(new SQLException("deadlock", "40P01", 0)));
    }
}
