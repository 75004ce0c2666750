-- token-auth's own token table, for MySQL 8 and MariaDB 10.5+: many named tokens per user, keys
-- hashed at rest (hashed mode stores "<secret id>$<HMAC-SHA256 hex>" as the lookup value, never
-- the key), expiry, last use and scopes. Used by JdbcTokenauthStore and JpaTokenauthStore.
-- Lookup values are ASCII compared byte for byte (ascii_bin); times are DATETIME(6) in UTC, so give
-- the JDBC driver a UTC session (MySQL Connector/J: connectionTimeZone=UTC; MariaDB Connector/J:
-- timezone=UTC). (user_id, slot) is unique: a user holds at most as many tokens as the cap has
-- slots, however many processes insert at once; it is also the index on user_id.
CREATE TABLE IF NOT EXISTS tokenauth_token (
    lookup    VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    user_id   BIGINT NOT NULL,
    slot      INTEGER NOT NULL,
    name      VARCHAR(100) NOT NULL DEFAULT '',
    created   DATETIME(6) NOT NULL,
    expires   DATETIME(6) NULL,
    last_used DATETIME(6) NULL,
    scopes    VARCHAR(1000) NOT NULL DEFAULT '',
    CONSTRAINT tokenauth_token_user_slot UNIQUE (user_id, slot)
) DEFAULT CHARSET = utf8mb4;
