package org.tokenauth.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStoreException;

/**
 * The bulk route from Django REST Framework's plain keys to hashed mode: every row of
 * {@code authtoken_token} moves through {@link TokenService#migrate}, its digest into the
 * service's store under the same key, the plain row deleted. It runs while the service is live:
 * a key used during the migration moves lazily on its first use (see
 * {@link TokenService.Builder#migrateFrom}), and whichever move comes second finds the first one's
 * token, so no request fails and no key is lost.
 *
 * <p>Rows are read in pages, in key order, past a cursor, so a row that cannot move (say, its
 * user id is not an integer) is counted and skipped rather than read again. {@link #run} reports
 * progress after each page and returns a summary.
 *
 * @since 0.1
 */
public final class DrfTokenMigration {

    /** How many keys are read at a time. */
    public static final int PAGE = 500;

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /**
     * Where a migration stands.
     *
     * @param moved   keys this run handled that are now in the service's store (a row that moved
     *                lazily, on first use, before this run read it is not counted)
     * @param skipped keys that could not move (e.g. a user id the target store cannot hold), left
     *                in place
     * @param total   rows in the table when the run began
     * @param elapsed time since the run began
     */
    public record Progress(long moved, long skipped, long total, Duration elapsed) {
    }

    private final DataSource legacyDatabase;
    private final String table;
    private final TokenService tokens;

    /**
     * A migration of DRF's table {@code authtoken_token} in {@code legacyDatabase} by {@code tokens}.
     *
     * @param legacyDatabase where DRF's table is
     * @param tokens         a hashed-mode service that {@linkplain TokenService.Builder#migrateFrom migrates} from it
     */
    public DrfTokenMigration(DataSource legacyDatabase, TokenService tokens) {
        this(legacyDatabase, JdbcTokenStore.DEFAULT_TABLE, tokens);
    }

    /**
     * A migration of a DRF-shaped table of another name.
     *
     * @param legacyDatabase where the table is
     * @param table          a plain SQL name, optionally with a schema
     * @param tokens         a hashed-mode service that migrates from it
     * @throws IllegalArgumentException if {@code table} is not a plain SQL name
     */
    public DrfTokenMigration(DataSource legacyDatabase, String table, TokenService tokens) {
        this.legacyDatabase = Objects.requireNonNull(legacyDatabase, "legacyDatabase");
        if (!TABLE_NAME.matcher(Objects.requireNonNull(table, "table")).matches()) {
            throw new IllegalArgumentException("table must be a plain SQL name like authtoken_token, but was '" + table + "'");
        }
        this.table = table;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Moves every row.
     *
     * @param progress told after each page, and once at the end
     * @return where the migration ended; {@link #count()} then tells how many plain keys are left
     * @throws TokenStoreException   if a database fails; what moved before stays moved, and a
     *                               new run picks up the rest
     * @throws IllegalStateException if the service does not migrate
     */
    public Progress run(Consumer<Progress> progress) {
        long start = System.nanoTime();
        long moved = 0;
        long skipped = 0;
        long total = count();
        String cursor = "";
        Progress now = new Progress(0, 0, total, Duration.ZERO);
        for (List<String> page = page(cursor); !page.isEmpty(); page = page(cursor)) {
            for (String key : page) {
                boolean done;
                try {
                    done = tokens.migrate(key);
                } catch (IllegalArgumentException unmovable) {
                    done = false; // e.g. a user id the target store cannot hold: counted, left in place
                }
                if (done) {
                    moved++;
                } else {
                    skipped++;
                }
                cursor = key;
            }
            now = new Progress(moved, skipped, total, Duration.ofNanos(System.nanoTime() - start));
            progress.accept(now);
        }
        return now;
    }

    /** {@return how many rows the table holds now} */
    public long count() {
        try (Connection connection = legacyDatabase.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw JdbcSession.failure("could not count the rows of " + table, e, null);
        }
    }

    private List<String> page(String after) {
        try (Connection connection = legacyDatabase.getConnection()) {
            String quote = connection.getMetaData().getIdentifierQuoteString();
            String key = quote == null || quote.isBlank() ? "key" : quote + "key" + quote;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + key + " FROM " + table + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT " + PAGE)) {
                statement.setString(1, after);
                List<String> keys = new ArrayList<>(PAGE);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
                return keys;
            }
        } catch (SQLException e) {
            throw JdbcSession.failure("could not read the keys of " + table, e, null);
        }
    }

    @Override
    public String toString() {
        return "DrfTokenMigration[table=" + table + ", tokens=" + tokens + "]";
    }
}
