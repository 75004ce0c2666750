package org.tokenauth.core.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import javax.sql.DataSource;

/**
 * Boots Hibernate the way an application without persistence.xml would, on a given pool.
 *
 * @since 0.1
 */
public final class JpaTestUnits {

    private JpaTestUnits() {
    }

    /**
     * Boots a persistence unit with both token entities on a pool.
     *
     * @param dataSource the pool
     * @return the factory; close it
     */
    public static EntityManagerFactory on(DataSource dataSource) {
        return new PersistenceConfiguration("token-auth-test")
                .managedClass(AuthToken.class)
                .managedClass(TokenauthToken.class)
                .property("jakarta.persistence.nonJtaDataSource", dataSource)
                .createEntityManagerFactory();
    }
}
