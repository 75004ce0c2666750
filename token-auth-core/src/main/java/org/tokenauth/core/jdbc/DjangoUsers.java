package org.tokenauth.core.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.PasswordCredentialsVerifier;
import org.tokenauth.core.PasswordCredentialsVerifier.StoredUser;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/**
 * The users of a Django database, as the library asks for them: Django's {@code auth_user} table
 * ({@code django.contrib.auth}) read through JDBC, for a Java service that shares a database with
 * a Django one. With {@link JdbcTokenStore} on the same database, a Java endpoint accepts the keys
 * that Django REST Framework issued, checks the passwords Django hashed, and issues keys that DRF
 * accepts.
 *
 * <pre>{@code
 * DjangoUsers users = new DjangoUsers(dataSource);
 * TokenService tokens = new TokenService(new JdbcTokenStore(dataSource));
 * TokenAuthenticationFilter.builder(tokens, users) ...        // UserLookup
 * ObtainTokenServlet.builder(tokens, users) ...               // CredentialsVerifier
 * }</pre>
 *
 * <p>It reads {@code id}, {@code username}, {@code password} and {@code is_active}, and writes
 * only {@code password}, as Django's own login does: after a good login with a hash of fewer
 * iterations than the hasher's, the password is hashed again and stored ({@code UPDATE … SET
 * password = ? WHERE id = ? AND password = <the old hash>}); a hash with more iterations is left
 * as it is, so a Java service and a Django that writes more never rewrite each other's. If the
 * update fails (a read-only database user) the login still succeeds, with a WARNING. Usernames
 * match exactly, as Django's {@code ModelBackend} matches them. Passwords in
 * Django's {@code pbkdf2_sha256} format are verified whatever their iteration count (Django 3.2
 * writes 260,000, 5.2 writes 1,000,000), and a wrong one costs the hasher's full count whatever the
 * stored one; a user whose password is unusable ({@code !…}) or in
 * another format (argon2, bcrypt) cannot log in here. An unknown username costs what a wrong
 * password costs, and so does one the table's character set cannot hold ({@code €} in a database
 * encoded {@code LATIN1}): no user has it.
 *
 * <p>Thread-safe; holds no connection between calls.
 *
 * @since 0.1
 */
public final class DjangoUsers implements UserLookup, CredentialsVerifier {

    /** Django's table name. */
    public static final String DEFAULT_TABLE = "auth_user";

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final DataSource dataSource;
    private final String table;
    private final PasswordCredentialsVerifier verifier;

    /**
     * Django's {@code auth_user}, with new-hash work (for the dummy hash of unknown usernames) at
     * Django 5.2's {@link Pbkdf2PasswordHasher#DEFAULT_ITERATIONS}.
     *
     * @param dataSource the Django database
     */
    public DjangoUsers(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE, new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.DEFAULT_ITERATIONS));
    }

    /**
     * A users table of Django's shape under another name, with a hasher of the application's
     * choice (set its iterations to what your Django writes, so that unknown usernames cost what
     * wrong passwords cost).
     *
     * @param dataSource the database
     * @param table      a plain SQL name, optionally with a schema
     * @param hasher     verifies the stored hashes
     * @throws IllegalArgumentException if {@code table} is not a plain SQL name
     */
    public DjangoUsers(DataSource dataSource, String table, Pbkdf2PasswordHasher hasher) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (!TABLE_NAME.matcher(Objects.requireNonNull(table, "table")).matches()) {
            throw new IllegalArgumentException("table must be a plain SQL name like auth_user, but was '" + table + "'");
        }
        this.table = table;
        this.verifier = new PasswordCredentialsVerifier(this::findByUsername, Objects.requireNonNull(hasher, "hasher"),
                this::storeUpgradedHash);
    }

    @Override
    public Optional<UserAccount> findById(String id) {
        Long userId = SqlTokenStores.integerUserId(Objects.requireNonNull(id, "id"));
        if (userId == null) {
            return Optional.empty();
        }
        return find("id = ?", userId).map(StoredUser::account);
    }

    @Override
    public Optional<UserAccount> verify(String username, String password) {
        return verifier.verify(username, password);
    }

    /**
     * Finds a user and their password hash by username, exactly.
     *
     * @param username the username
     * @return the user, or empty
     * @throws TokenStoreException if the database fails
     */
    public Optional<StoredUser> findByUsername(String username) {
        Objects.requireNonNull(username, "username");
        if (username.indexOf('\0') >= 0) {
            return Optional.empty(); // no row holds it, and PostgreSQL would refuse the parameter
        }
        return find("username = ?", username).filter(user -> user.account().username().equals(username));
    }

    /**
     * Django's {@code user.set_password(raw); user.save(update_fields=["password"])} after a good
     * login with a weak hash, but only if the hash is still the one that verified.
     */
    private void storeUpgradedHash(UserAccount user, String oldHash, String newHash) {
        try (JdbcSession session = new JdbcSession(dataSource);
                PreparedStatement statement = session.connection.prepareStatement(
                        "UPDATE " + table + " SET password = ? WHERE id = ? AND password = ?")) {
            statement.setString(1, newHash);
            statement.setLong(2, Long.parseLong(user.id()));
            statement.setString(3, oldHash);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new TokenStoreException("could not update the users table " + table + " (SQLState " + e.getSQLState() + ")");
        }
    }

    private Optional<StoredUser> find(String where, Object arg) {
        try (JdbcSession session = new JdbcSession(dataSource);
                PreparedStatement statement = session.connection.prepareStatement(
                        "SELECT id, username, is_active, password FROM " + table + " WHERE " + where)) {
            statement.setObject(1, arg);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                UserAccount account = new UserAccount(Long.toString(rows.getLong(1)), rows.getString(2), rows.getBoolean(3));
                return Optional.of(new StoredUser(account, rows.getString(4)));
            }
        } catch (SQLException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return Optional.empty(); // a username the table's character set cannot hold: no such user
            }
            // An outage: 503, never "unknown user". The message names no user, and no password.
            throw new TokenStoreException("could not read the users table " + table + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public String toString() {
        return "DjangoUsers[table=" + table + "]";
    }
}
