package org.tokenauth.core.jdbc;

/** The JDBC store on {@code tokenauth_token}, on a case-insensitive collation like MySQL's and MariaDB's default: the store must keep lookups and deletes exact. */
class JdbcTokenauthStoreH2CaseInsensitiveTest extends JdbcTokenauthStoreH2Test {

    @Override
    protected String urlSettings() {
        return ";IGNORECASE=TRUE";
    }
}
