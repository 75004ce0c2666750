package org.tokenauth.core.jpa;

/** The JPA store through Hibernate on {@code tokenauth_token}, on a case-insensitive collation like MySQL's and MariaDB's default: the store must keep lookups and deletes exact. */
class JpaTokenauthStoreH2CaseInsensitiveTest extends JpaTokenauthStoreH2Test {

    @Override
    protected String urlSettings() {
        return ";IGNORECASE=TRUE";
    }
}
