/**
 * Keys, tokens, the {@code TokenStore} SPI and its stores, the user SPI. No servlet dependency.
 *
 * <p>Jakarta Persistence (for the JPA stores) and Hibernate (for
 * {@code org.tokenauth.core.jpa.IssueTokenOnCreate}) are optional: an application that uses
 * neither needs neither.
 */
module org.tokenauth.core {
    requires transitive java.sql;
    requires static jakarta.persistence;
    requires static org.hibernate.orm.core;
    requires static java.naming; // Hibernate's SessionFactory is a javax.naming.Referenceable

    exports org.tokenauth.core;
    exports org.tokenauth.core.jdbc;
    exports org.tokenauth.core.jpa;

    // The JPA provider reads and writes the token entities' fields.
    opens org.tokenauth.core.jpa;
}
