-- token-auth's own token table, for PostgreSQL: many named tokens per user, keys hashed at rest
-- (hashed mode stores "<secret id>$<HMAC-SHA256 hex>" as the lookup value, never the key), expiry,
-- last use and scopes. Used by JdbcTokenauthStore and JpaTokenauthStore.
-- (user_id, slot) is unique: a user holds at most as many tokens as the cap has slots, however
-- many processes insert at once; it is also the index on user_id.
CREATE TABLE IF NOT EXISTS tokenauth_token (
    lookup    VARCHAR(128) NOT NULL PRIMARY KEY,
    user_id   BIGINT NOT NULL,
    slot      INTEGER NOT NULL,
    name      VARCHAR(100) NOT NULL DEFAULT '',
    created   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires   TIMESTAMP WITH TIME ZONE,
    last_used TIMESTAMP WITH TIME ZONE,
    scopes    VARCHAR(1000) NOT NULL DEFAULT '',
    CONSTRAINT tokenauth_token_user_slot UNIQUE (user_id, slot)
);
