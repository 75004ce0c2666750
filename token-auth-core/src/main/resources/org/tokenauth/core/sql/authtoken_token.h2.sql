-- Django REST Framework's token table (rest_framework.authtoken migrations 0001_initial to 0004:
-- only 0001 changes the schema), for H2 2.x. Used by JdbcTokenStore and JpaTokenStore.
-- "key" is quoted: H2 reserves the word. Django also adds a foreign key from user_id to its
-- auth_user(id); add one to your own users table if you have one.
CREATE TABLE IF NOT EXISTS authtoken_token (
    "key" VARCHAR(40) NOT NULL PRIMARY KEY,
    created TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    user_id INTEGER NOT NULL UNIQUE
);
