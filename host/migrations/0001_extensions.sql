-- Extensions the platform's tables use: case-insensitive text for names and emails,
-- trigram search, and gen_random_uuid(). All three are trusted extensions, so the database
-- owner may create them without superuser rights.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
