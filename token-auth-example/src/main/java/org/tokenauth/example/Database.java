package org.tokenauth.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import org.tokenauth.core.jpa.AuthToken;
import org.tokenauth.example.accounts.User;
import org.tokenauth.example.polls.Choice;
import org.tokenauth.example.polls.Question;

/**
 * The example's one database: a HikariCP pool, and a Hibernate persistence unit on it holding the
 * users, the polls and the library's {@code authtoken_token} table. Hibernate creates missing tables
 * (and columns) at start ({@code hibernate.hbm2ddl.auto=update}), so a fresh H2 or PostgreSQL
 * database needs no setup.
 */
final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final EntityManagerFactory emf;

    private Database(HikariDataSource pool, EntityManagerFactory emf) {
        this.pool = pool;
        this.emf = emf;
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
        settings.dbUser().ifPresent(config::setUsername);
        settings.dbPassword().ifPresent(config::setPassword);
        config.setMaximumPoolSize(10);
        HikariDataSource pool = new HikariDataSource(config); // fails here, clearly, if the database is unreachable
        try {
            EntityManagerFactory emf = new PersistenceConfiguration("polls")
                    .managedClass(User.class)
                    .managedClass(Question.class)
                    .managedClass(Choice.class)
                    .managedClass(AuthToken.class)
                    .property("hibernate.connection.datasource", pool)
                    .property("hibernate.hbm2ddl.auto", "update")
                    .createEntityManagerFactory();
            return new Database(pool, emf);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    EntityManagerFactory emf() {
        return emf;
    }

    @Override
    public void close() {
        try {
            emf.close();
        } finally {
            pool.close();
        }
    }
}
