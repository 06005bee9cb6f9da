-- The user service's own schema (account, created by Flyway); nothing outside the service reads it.
-- Format and length of email and name are checked by the service, so both stores accept the same input.
CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text        NOT NULL,
  name          text        NOT NULL,
  -- Nullable: an account may exist before it has a password.
  password_hash text,
  roles         text[]      NOT NULL DEFAULT '{user}'
                CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['user', 'admin']::text[]),
  status        text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Emails are unique without regard to case; lookups by email use this index too.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
