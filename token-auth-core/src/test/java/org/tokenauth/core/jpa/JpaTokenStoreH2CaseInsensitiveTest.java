package org.tokenauth.core.jpa;

/**
 * The JPA store on a database that compares text without regard to case, like MySQL's and
 * MariaDB's default collation: the store itself must keep lookups and deletes exact.
 */
class JpaTokenStoreH2CaseInsensitiveTest extends JpaTokenStoreH2Test {

    @Override
    String urlSettings() {
        return ";IGNORECASE=TRUE";
    }
}
