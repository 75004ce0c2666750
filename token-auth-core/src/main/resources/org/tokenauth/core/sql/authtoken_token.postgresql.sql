-- Django REST Framework's token table (rest_framework.authtoken migrations 0001_initial to 0004:
-- only 0001 changes the schema), for PostgreSQL, as Django's migration creates it.
-- Used by JdbcTokenStore and JpaTokenStore. Django also adds a foreign key from user_id to
-- auth_user(id), DEFERRABLE INITIALLY DEFERRED, and a varchar_pattern_ops index on "key" for its
-- admin's searches; add a foreign key to your own users table if you have one.
CREATE TABLE IF NOT EXISTS authtoken_token (
    "key" VARCHAR(40) NOT NULL PRIMARY KEY,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id INTEGER NOT NULL UNIQUE
);
