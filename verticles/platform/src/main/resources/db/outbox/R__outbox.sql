-- The transactional outbox of a service's schema, relayed by io.emporium.platform.outbox.OutboxRelay (see
-- PgOutboxStore): the one definition of the table, for every schema whose migrations list the platform's
-- location db/outbox (SchemaMigrations.OUTBOX). ${flyway:defaultSchema} is the service's schema.
--
-- A repeatable migration: Flyway runs it after the schema's versioned migrations, and again whenever this
-- file changes, so every statement must be safe to repeat. It creates only what is missing: the product,
-- user and order services created the same table and indexes in versioned migrations that have run on
-- deployed databases (V2__catalogue.sql with V5__outbox_retention.sql, V2__identity.sql with
-- V3__retention.sql, V1__orders.sql) and stay as they are; where they ran, this changes nothing.
-- A versioned migration cannot use the table (it runs before this file).
CREATE TABLE IF NOT EXISTS ${flyway:defaultSchema}.outbox (
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
-- What the relay claims: pending events that are due.
CREATE INDEX IF NOT EXISTS outbox_due ON ${flyway:defaultSchema}.outbox (next_attempt_at, occurred_at)
  WHERE status = 'PENDING';
-- What the relay's purge of delivered events goes through.
CREATE INDEX IF NOT EXISTS outbox_delivered ON ${flyway:defaultSchema}.outbox (delivered_at)
  WHERE status = 'DELIVERED';
