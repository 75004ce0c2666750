/**
 * A {@link org.tokenauth.core.TokenStore} over plain JDBC, on Django REST Framework's
 * {@code authtoken_token} table: {@link org.tokenauth.core.jdbc.JdbcTokenStore}.
 *
 * <p>It needs only a {@link javax.sql.DataSource} (a pool such as HikariCP) and no other
 * dependency. Create the table with the script for your database in this jar, under
 * {@code org/tokenauth/core/sql/} (H2, PostgreSQL, MySQL/MariaDB); they match Django's migration,
 * so a Java service can share the table with a Django one. Each call is one short statement;
 * races between writers are settled by the database's own unique constraints.
 *
 * @since 0.1
 */
package org.tokenauth.core.jdbc;
