package org.tokenauth.core.jdbc;

/**
 * The JDBC store on {@code tokenauth_token} on a database that compares text without regard to case, like MySQL's and
 * MariaDB's default collation (on which Django creates {@code authtoken_token}): the store itself
 * must keep lookups and deletes exact.
 */
class JdbcTokenauthStoreH2CaseInsensitiveTest extends JdbcTokenauthStoreH2Test {

    @Override
    String urlSettings() {
        return ";IGNORECASE=TRUE";
    }
}
