-- An outbox table for the platform's own outbox tests, in schema outbox_test. Same shape as a
-- service's outbox (see V2__identity.sql of the user service).
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
