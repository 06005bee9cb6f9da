-- Identity: preferences and login times on users, sessions (refresh tokens), the failed-login throttle,
-- the audit log and the transactional outbox. Everything here is written by the user service only.

ALTER TABLE users
  ADD COLUMN preferences   jsonb       NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN last_login_at timestamptz,
  -- Last login or refresh: "active users" in the admin stats.
  ADD COLUMN last_seen_at  timestamptz;

CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_last_seen_at ON users (last_seen_at);

-- One row per refresh token; a session (family_id) is the chain of tokens of one login. Only the
-- SHA-256 of a token is stored. A rotated token has rotated_at set; presenting it again revokes the family.
CREATE TABLE sessions (
  id             uuid        PRIMARY KEY,
  family_id      uuid        NOT NULL,
  user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash     bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  rotated_at     timestamptz,
  revoked_at     timestamptz,
  revoked_reason text,
  client_ip      text,
  user_agent     text
);
CREATE INDEX sessions_family ON sessions (family_id);
CREATE INDEX sessions_user_unrevoked ON sessions (user_id) WHERE revoked_at IS NULL;

-- Failed logins per email in normal form (known or not), shared by every instance.
CREATE TABLE login_throttle (
  email_key       text        PRIMARY KEY,
  failures        integer     NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  locked_until    timestamptz
);

-- Security events, written in the transaction of the change they record. No foreign keys: the log
-- outlives what it talks about.
CREATE TABLE audit_log (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor_id   uuid,
  action     text        NOT NULL,
  target_id  uuid,
  client_ip  text,
  user_agent text,
  request_id text,
  outcome    text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
  details    jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action_at ON audit_log (action, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log (target_id, id) WHERE target_id IS NOT NULL;

-- The transactional outbox, relayed by io.emporium.platform.outbox.OutboxRelay (see PgOutboxStore).
CREATE TABLE outbox (
  id              uuid        PRIMARY KEY,
  type            text        NOT NULL,
  payload         jsonb       NOT NULL,
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner     text,
  lease_until     timestamptz,
  last_error      text,
  delivered_at    timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, occurred_at) WHERE status = 'PENDING';
