-- Django REST Framework's token table (rest_framework.authtoken migrations 0001_initial to 0004:
-- only 0001 changes the schema), for MySQL 8 and MariaDB 10.5+, as Django's migration creates it:
-- `created` is DATETIME(6) holding UTC (Django's USE_TZ), so give the JDBC driver a UTC session
-- (MySQL Connector/J: connectionTimeZone=UTC; MariaDB Connector/J: timezone=UTC).
-- The stores compare keys exactly in Java, whatever the collation. Used by JdbcTokenStore and
-- JpaTokenStore. Django also adds a foreign key from user_id to auth_user(id).
CREATE TABLE IF NOT EXISTS authtoken_token (
    `key` VARCHAR(40) NOT NULL PRIMARY KEY,
    created DATETIME(6) NOT NULL,
    user_id INTEGER NOT NULL UNIQUE
) DEFAULT CHARSET = utf8mb4;
