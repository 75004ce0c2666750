package org.tokenauth.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.ServiceLoader;
import org.tokenauth.core.jpa.AuthToken;
import org.tokenauth.core.jpa.TokenauthToken;
import org.tokenauth.example.accounts.User;
import org.tokenauth.example.polls.Ballot;
import org.tokenauth.example.polls.Choice;
import org.tokenauth.example.polls.Question;

/**
 * The example's one database: a HikariCP pool, and a Hibernate persistence unit on it holding the
 * users, the polls and the library's {@code authtoken_token} table. Hibernate creates missing tables
 * (and columns) at start ({@code hibernate.hbm2ddl.auto=update}), so a fresh H2 or PostgreSQL
 * database needs no setup.
 */
final class Database implements AutoCloseable {

    /** How long a request waits for a pooled connection before it is answered 503. */
    static final int CONNECTION_TIMEOUT_MILLIS = 3_000;

    /** The longest any one SQL statement may run (PostgreSQL's {@code statement_timeout}, H2's {@code QUERY_TIMEOUT}). */
    static final int STATEMENT_TIMEOUT_MILLIS = 10_000;

    private final HikariDataSource pool;
    private final EntityManagerFactory emf;
    private final boolean inMemory;

    private Database(HikariDataSource pool, EntityManagerFactory emf, boolean inMemory) {
        this.pool = pool;
        this.emf = emf;
        this.inMemory = inMemory;
    }

    /**
     * Connects, and creates the schema where it is missing.
     *
     * @throws RuntimeException if the database cannot be reached or the schema cannot be created
     */
    static Database open(ExampleSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("polls");
        config.setJdbcUrl(settings.dbUrl());
        driverFor(settings.dbUrl()).ifPresent(config::setDriverClassName);
        settings.dbUser().ifPresent(config::setUsername);
        settings.dbPassword().ifPresent(config::setPassword);
        // One more for PostgreSQL's invalidation bus, whose listener holds a connection for good.
        config.setMaximumPoolSize(settings.invalidation().bus() == ExampleSettings.Bus.POSTGRES ? 11 : 10);
        // While the database is down, a request waits this long for a connection, then is answered
        // 503: seconds, not Hikari's default 30 (a queue of stuck requests, then a 500).
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT_MILLIS, 2_000));
        // No statement holds a connection (and a request thread) for longer than this.
        if (settings.dbUrl().startsWith("jdbc:postgresql:")) {
            config.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT_MILLIS);
            config.addDataSourceProperty("connectTimeout", Integer.toString(CONNECTION_TIMEOUT_MILLIS / 1000));
            // A server that vanished without closing the socket: give up on the read after this.
            config.addDataSourceProperty("socketTimeout", Integer.toString(STATEMENT_TIMEOUT_MILLIS / 1000 + 5));
        } else if (settings.dbUrl().startsWith("jdbc:h2:")) {
            config.setConnectionInitSql("SET QUERY_TIMEOUT " + STATEMENT_TIMEOUT_MILLIS);
        }
        HikariDataSource pool = new HikariDataSource(config); // fails here, clearly, if the database is unreachable
        try {
            EntityManagerFactory emf = new PersistenceConfiguration("polls")
                    .managedClass(User.class)
                    .managedClass(Question.class)
                    .managedClass(Choice.class)
                    .managedClass(Ballot.class)
                    .managedClass(AuthToken.class)
                    .managedClass(TokenauthToken.class)
                    .property("hibernate.connection.datasource", pool)
                    .property("hibernate.hbm2ddl.auto", "update")
                    // PostgreSQL's notices while updating the schema ("constraint … does not exist, skipping") are noise.
                    .property("hibernate.jdbc.log.warnings", "false")
                    .createEntityManagerFactory();
            return new Database(pool, emf, settings.inMemoryDatabase());
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The driver of this application's class loader that takes the URL. Named explicitly because
     * {@link java.sql.DriverManager} registers drivers only once per JVM: in a container where it
     * was initialized before this WAR was (re)deployed, the WAR's own drivers are never registered.
     */
    private static Optional<String> driverFor(String url) {
        for (Driver driver : ServiceLoader.load(Driver.class, Database.class.getClassLoader())) {
            try {
                if (driver.acceptsURL(url)) {
                    return Optional.of(driver.getClass().getName());
                }
            } catch (SQLException e) {
                // Not this driver's URL.
            }
        }
        return Optional.empty();
    }

    EntityManagerFactory emf() {
        return emf;
    }

    /** The pool itself, for work beside JPA (reading DRF's table in a bulk migration). */
    javax.sql.DataSource dataSource() {
        return pool;
    }

    /** Closes the factory and the pool; an in-memory H2 database is dropped with them, as the README says. */
    @Override
    public void close() {
        try {
            emf.close();
            if (inMemory) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    // Already gone: nothing to drop.
                }
            }
        } finally {
            pool.close();
        }
    }
}
