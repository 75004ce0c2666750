package org.tokenauth.core.jpa;

/** The JPA store through Hibernate on DRF's table, on a case-insensitive collation like MySQL's and MariaDB's default: the store must keep lookups and deletes exact. */
class JpaTokenStoreH2CaseInsensitiveTest extends JpaTokenStoreH2Test {

    @Override
    protected String urlSettings() {
        return ";IGNORECASE=TRUE";
    }
}
