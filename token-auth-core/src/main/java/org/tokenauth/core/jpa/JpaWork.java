package org.tokenauth.core.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;
import java.util.function.Function;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.jdbc.SqlTokenStores;

/**
 * How the JPA stores run their work: each call with its own {@link EntityManager}, writes in
 * their own short resource-local transaction, lost races told apart from outages, and no key in
 * any failure.
 */
final class JpaWork {

    private final EntityManagerFactory factory;

    JpaWork(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /**
     * Runs a query without a transaction. A value that the database's character set cannot hold
     * is refused with {@link IllegalArgumentException}; any other persistence failure is an outage.
     */
    <T> T read(String doing, String key, Function<EntityManager, T> work) {
        try (EntityManager em = factory.createEntityManager()) {
            return work.apply(em);
        } catch (PersistenceException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                throw SqlTokenStores.unrepresentable(doing, e, key);
            }
            throw failure(doing, e, key);
        }
    }

    /**
     * Runs a query without a transaction, answering {@code notFound} when the database's character
     * set cannot hold a value it was asked for (no row has it); any other persistence failure is
     * an outage.
     */
    <T> T find(String doing, String key, T notFound, Function<EntityManager, T> work) {
        try (EntityManager em = factory.createEntityManager()) {
            return work.apply(em);
        } catch (PersistenceException e) {
            if (SqlTokenStores.isUnrepresentable(e)) {
                return notFound;
            }
            throw failure(doing, e, key);
        }
    }

    /**
     * Runs a write in its own transaction. A write refused by an integrity constraint, or lost to
     * a concurrent one, is reported as {@link LostRace} so the caller can settle it; a value that
     * the database's character set cannot hold is refused with {@link IllegalArgumentException};
     * any other persistence failure is an outage.
     */
    <T> T write(String doing, String key, Function<EntityManager, T> work) throws LostRace {
        try (EntityManager em = factory.createEntityManager()) {
            EntityTransaction transaction = em.getTransaction();
            try {
                transaction.begin();
                T result = work.apply(em);
                transaction.commit();
                return result;
            } catch (PersistenceException e) {
                rollbackQuietly(transaction, e);
                if (SqlTokenStores.isConstraintViolation(e) || SqlTokenStores.isTransient(e)) {
                    throw new LostRace(e);
                }
                if (SqlTokenStores.isUnrepresentable(e)) {
                    throw SqlTokenStores.unrepresentable(doing, e, key);
                }
                throw failure(doing, e, key);
            } catch (RuntimeException e) {
                rollbackQuietly(transaction, e);
                throw e;
            }
        } catch (PersistenceException e) {
            // createEntityManager, begin or close failed: the database is not there.
            throw failure(doing, e, key);
        }
    }

    private static void rollbackQuietly(EntityTransaction transaction, Exception failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    static TokenStoreException failure(String what, PersistenceException cause, String key) {
        return new TokenStoreException(what, SqlTokenStores.redact(cause, key));
    }

    @Override
    public String toString() {
        return factory.toString();
    }

    /** A write refused by a constraint or lost to a concurrent one: settle it, don't report it. */
    static final class LostRace extends Exception {

        private static final long serialVersionUID = 1L;

        final transient PersistenceException cause;

        LostRace(PersistenceException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }
}
