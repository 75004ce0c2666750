package org.tokenauth.core.jdbc;

/** The JDBC store on DRF's table, on a case-insensitive collation like MySQL's and MariaDB's default: the store must keep lookups and deletes exact. */
class JdbcTokenStoreH2CaseInsensitiveTest extends JdbcTokenStoreH2Test {

    @Override
    protected String urlSettings() {
        return ";IGNORECASE=TRUE";
    }
}
