package org.tokenauth.core.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tokenauth.core.Token;

/**
 * What every {@link org.tokenauth.core.TokenStore} over a SQL database needs and easily gets
 * wrong: which keys a {@code varchar} key column can hold at all, reading SQL errors the same way on
 * every database, and keeping secret keys out of the driver's messages. {@link JdbcTokenStore} and
 * {@code JpaTokenStore} use it; a custom SQL store may too.
 *
 * @since 0.1
 */
public final class SqlTokenStores {

    /** The length of the {@code lookup} column of {@code tokenauth_token}. */
    public static final int LOOKUP_LENGTH = 128;

    /** The length of the {@code name} column of {@code tokenauth_token}. */
    public static final int NAME_LENGTH = 100;

    /** The length of the {@code scopes} column of {@code tokenauth_token}, scopes joined by spaces. */
    public static final int SCOPES_LENGTH = 1000;

    /** Far deeper than any driver nests its causes; guards against a cycle. */
    private static final int MAX_DEPTH = 32;

    private SqlTokenStores() {
    }

    /**
     * Tells whether a key can be stored in a {@code varchar(maxLength)} column, and so whether a
     * presented key can be there at all: at most {@code maxLength} code points, no NUL (PostgreSQL
     * refuses NUL in text with an error, which must not turn an unknown key into an outage), and
     * well-formed UTF-16 (only a whole surrogate pair can be encoded). A store answers "not found"
     * for any other key without asking the database.
     *
     * @param key       the key
     * @param maxLength the column's length in characters
     * @return whether the column can hold it
     */
    public static boolean fitsKeyColumn(String key, int maxLength) {
        if (key.indexOf('\0') >= 0 || key.codePointCount(0, key.length()) > maxLength) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * Reads a user id as Django's integer {@code user_id}: only the canonical decimal text of a
     * {@code long} ({@code "42"}, not {@code "042"}, {@code "+42"} or {@code " 42"}), so that each
     * id has exactly one text form, as {@link Token#userId()} requires.
     *
     * @param userId the user id's text
     * @return the number, or {@code null} if no integer column can hold this id
     */
    public static Long integerUserId(String userId) {
        try {
            long id = Long.parseLong(userId);
            return Long.toString(id).equals(userId) ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Returns the token as a SQL store keeps it: its instants truncated to microseconds (the
     * precision of Django's {@code timestamp with time zone}), its lookup value checked against
     * the column.
     *
     * @param token     the token to store
     * @param table     the table's name, for the message
     * @param maxLength the key column's length in characters
     * @return the token to write, and to return to the caller
     * @throws IllegalArgumentException if the column cannot hold the lookup value
     */
    public static Token storable(Token token, String table, int maxLength) {
        Objects.requireNonNull(token, "token");
        if (!fitsKeyColumn(token.lookup(), maxLength)) {
            throw new IllegalArgumentException("lookup value " + token.fingerprint() + " cannot be stored in " + table
                    + ": it must be at most " + maxLength + " characters, without NUL characters");
        }
        return token.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Tells whether a lookup value fits token-auth's own table, {@code tokenauth_token}: 1 to 128
     * printable ASCII characters (hex digests, DRF and {@code tka_} keys all are). A store answers
     * "not found" for any other value without asking the database.
     *
     * @param lookup the lookup value
     * @return whether the {@code lookup} column can hold it
     */
    public static boolean fitsLookupColumn(String lookup) {
        if (lookup.isEmpty() || lookup.length() > LOOKUP_LENGTH) {
            return false;
        }
        for (int i = 0; i < lookup.length(); i++) {
            char c = lookup.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the token as token-auth's own table keeps it: instants truncated to microseconds,
     * every value checked against its column (lookup value, name of at most 100 characters, scopes
     * joined by spaces in at most 1,000).
     *
     * @param token the token to store
     * @param table the table's name, for the message
     * @return the token to write, and to return to the caller
     * @throws IllegalArgumentException if a value does not fit its column
     */
    public static Token storableWithDetails(Token token, String table) {
        Objects.requireNonNull(token, "token");
        if (!fitsLookupColumn(token.lookup())) {
            throw new IllegalArgumentException("lookup value " + token.fingerprint() + " cannot be stored in " + table
                    + ": it must be 1 to " + LOOKUP_LENGTH + " printable ASCII characters");
        }
        if (token.name().codePointCount(0, token.name().length()) > NAME_LENGTH || token.name().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a token name is at most " + NAME_LENGTH + " characters, without NUL");
        }
        String scopes = String.join(" ", token.scopes());
        if (scopes.length() > SCOPES_LENGTH || scopes.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a token's scopes take at most " + SCOPES_LENGTH + " characters, joined by spaces");
        }
        return token.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Returns the row Django REST Framework's {@code authtoken_token} keeps of a token: its lookup
     * value (the key), owner and creation time to the microsecond, and none of its details.
     *
     * @param token     the token to store
     * @param table     the table's name, for the message
     * @param maxLength the key column's length in characters
     * @return the token to write, and to return to the caller
     * @throws IllegalArgumentException if the column cannot hold the key
     */
    public static Token drfRow(Token token, String table, int maxLength) {
        Token stored = storable(token, table, maxLength);
        return Token.of(stored.lookup(), stored.userId(), stored.created());
    }

    /**
     * Compares a stored lookup value with the one asked for exactly, byte for byte and in
     * constant time, whatever the column's collation (MySQL's default ignores case and trailing
     * spaces).
     *
     * @param stored the value read from the database
     * @param asked  the value the query asked for
     * @return whether they are the same
     */
    public static boolean sameLookup(String stored, String asked) {
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), asked.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the lookup values a {@code tokenauth_token} column can hold, in their order: the
     * ones worth a query in {@link org.tokenauth.core.TokenStore#findByAnyLookup}.
     *
     * @param lookups the values asked for
     * @return those that {@linkplain #fitsLookupColumn fit}
     * @throws NullPointerException if a value is {@code null}
     */
    public static List<String> fittingLookups(List<String> lookups) {
        List<String> possible = new ArrayList<>(lookups.size());
        for (String lookup : lookups) {
            if (fitsLookupColumn(Objects.requireNonNull(lookup, "lookup"))) {
                possible.add(lookup);
            }
        }
        return possible;
    }

    /**
     * Picks, from the rows an {@code IN} query found, the token of the first value asked for,
     * compared {@linkplain #sameLookup exactly}, whatever the column's collation.
     *
     * @param asked the values asked for, most likely first
     * @param found the tokens the query returned
     * @return the token of the first value asked for that was found exactly
     */
    public static Optional<Token> firstAsked(List<String> asked, List<Token> found) {
        for (String lookup : asked) {
            for (Token token : found) {
                if (sameLookup(token.lookup(), lookup)) {
                    return Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns what {@link org.tokenauth.core.TokenStore#getOrInsert} returns for a user who has
     * tokens: the most recently created.
     *
     * @param tokens a user's tokens, at least one
     * @return the most recently created
     */
    public static Token mostRecentlyCreated(List<Token> tokens) {
        Token newest = tokens.get(0);
        for (Token token : tokens) {
            if (token.created().isAfter(newest.created())) {
                newest = token;
            }
        }
        return newest;
    }

    /**
     * Checks the {@code maxPerUser} of {@link org.tokenauth.core.TokenStore#insert}: at least 1, at
     * most what the table holds.
     *
     * @param maxPerUser the asked cap
     * @param limit      the most tokens per user the table holds
     * @param table      the table's name, for the message
     * @throws IllegalArgumentException if the cap is out of range
     */
    public static void requireMaxPerUser(int maxPerUser, int limit, String table) {
        if (maxPerUser < 1 || maxPerUser > limit) {
            throw new IllegalArgumentException("maxPerUser must be from 1 to " + limit + " for " + table
                    + ", but was " + maxPerUser + (limit == 1 ? " (Django REST Framework's table holds one token per user)" : ""));
        }
    }

    /**
     * Tells whether an integrity constraint refused a write (SQLState class 23, the same on every
     * database): for a token store, another writer got there first.
     *
     * @param failure the failure, e.g. an {@link SQLException} or a JPA exception wrapping one
     * @return whether any exception in its cause chain has a class-23 SQLState
     */
    public static boolean isConstraintViolation(Throwable failure) {
        return sqlStateStartingWith(failure, "23");
    }

    /**
     * Tells whether a write lost to a concurrent one and may simply be tried again: a serialization
     * failure or deadlock (SQLState class 40), or H2's lock timeout (HYT00).
     *
     * @param failure the failure
     * @return whether any exception in its cause chain says so
     */
    public static boolean isTransient(Throwable failure) {
        return sqlStateStartingWith(failure, "40") || sqlStateStartingWith(failure, "HYT00");
    }

    /**
     * Tells whether the database refused a value because its character set cannot hold one of the
     * value's characters: {@code €} or Cyrillic in a PostgreSQL database encoded {@code LATIN1}
     * (SQLState 22P05 untranslatable_character, 22021 character_not_in_repertoire), or in a
     * MySQL/MariaDB {@code latin1} column (error 1267, 1270 or 1271 "Illegal mix of collations"
     * when compared, 1366 "Incorrect string value" when written, 3988 "Conversion … impossible").
     * No row can hold such a value: a store reads it as "not found", and refuses to write it with
     * {@link #unrepresentable}.
     *
     * @param failure the failure
     * @return whether any exception in its cause chain says so
     */
    public static boolean isUnrepresentable(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = String.valueOf(sql.getSQLState());
                if (state.equals("22P05") || state.equals("22021")) {
                    return true;
                }
                boolean mysqlState = state.equals("HY000") || state.equals("22007") || state.equals("42000");
                int code = sql.getErrorCode();
                if (mysqlState && (code == 1267 || code == 1270 || code == 1271 || code == 1366 || code == 3988)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The error for a write that the database refused because its character set cannot hold a
     * character of the token (see {@link #isUnrepresentable}): the caller's to fix, like a name
     * that is too long, so not a {@link org.tokenauth.core.TokenStoreException} (an outage), and
     * never a row stored with the character replaced.
     *
     * @param doing   what the store was doing, e.g. "could not insert a token of user 42"
     * @param failure the database's refusal
     * @param secret  the lookup value the statement carried, kept out of the cause; or {@code null}
     * @return the exception to throw
     */
    public static IllegalArgumentException unrepresentable(String doing, Throwable failure, String secret) {
        String state = "";
        for (Throwable t = failure; t != null && state.isEmpty(); t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return new IllegalArgumentException(doing + ": the database's character set cannot hold a character of the "
                + "token's name, scopes, key or user id" + state + "; store text in UTF-8 (utf8mb4 on MySQL), or keep "
                + "these values to characters the database holds", redact(failure, secret));
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
     *
     * @param failure the failure to pass on as a cause
     * @param secret  the key the failing statement carried, or {@code null}
     * @return a cause that is safe to log
     */
    public static Throwable redact(Throwable failure, String secret) {
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
                + String.valueOf(original.getMessage()).replace(secret, Token.fingerprintOf(secret));
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
}
