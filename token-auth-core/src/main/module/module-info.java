/**
 * Keys, tokens, the {@code TokenStore} SPI and its stores, the user SPI. No servlet dependency.
 *
 * <p>Jakarta Persistence (for the JPA stores), Hibernate (for
 * {@code org.tokenauth.core.jpa.IssueTokenOnCreate}), Caffeine (for the caches in
 * {@code org.tokenauth.core.cache}), the PostgreSQL driver (for {@code org.tokenauth.core.postgres})
 * and Lettuce (for {@code org.tokenauth.core.redis}) are optional: an application that uses none
 * needs none, and one that does requires them itself.
 */
module org.tokenauth.core {
    requires transitive java.sql;
    requires static jakarta.persistence;
    requires static org.hibernate.orm.core;
    requires static java.naming; // Hibernate's SessionFactory is a javax.naming.Referenceable
    requires static com.github.benmanes.caffeine;
    requires static org.postgresql.jdbc;
    requires static lettuce.core;

    exports org.tokenauth.core;
    exports org.tokenauth.core.cache;
    exports org.tokenauth.core.jdbc;
    exports org.tokenauth.core.jpa;
    exports org.tokenauth.core.postgres;
    exports org.tokenauth.core.redis;
    // org.tokenauth.core.internal is not API.

    // The JPA provider reads and writes the token entities' fields.
    opens org.tokenauth.core.jpa;
}
