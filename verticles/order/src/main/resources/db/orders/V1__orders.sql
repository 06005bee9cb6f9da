-- The order service's own schema: carts, orders, their audit trail and the transactional outbox.

CREATE TABLE cart_items (
  user_id    text        NOT NULL,
  product_id uuid        NOT NULL,
  quantity   integer     NOT NULL CHECK (quantity > 0),
  added_at   timestamptz NOT NULL,
  PRIMARY KEY (user_id, product_id)
);

-- Lines are stored as priced at checkout (amounts as exact decimal strings); the total is their sum,
-- kept as numeric for reports and checked against the lines by the service.
CREATE TABLE orders (
  id              uuid          PRIMARY KEY,
  user_id         text          NOT NULL,
  state           text          NOT NULL CHECK (state IN ('PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
  lines           jsonb         NOT NULL,
  currency        char(3)       NOT NULL,
  total           numeric(14,2) NOT NULL,
  reservation_id  uuid          NOT NULL UNIQUE,
  idempotency_key text          NOT NULL,
  fingerprint     text          NOT NULL,
  refund_due      boolean       NOT NULL DEFAULT false,
  payment_due_at  timestamptz   NOT NULL,
  created_at      timestamptz   NOT NULL,
  updated_at      timestamptz   NOT NULL,
  version         bigint        NOT NULL,
  -- One order per key and user: two checkouts racing with one key cannot both commit.
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_user_newest ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_newest ON orders (created_at DESC, id DESC);
CREATE INDEX orders_unpaid_due ON orders (payment_due_at) WHERE state = 'PLACED';

CREATE TABLE audit_log (
  id       bigserial   PRIMARY KEY,
  order_id uuid        NOT NULL,
  actor    text        NOT NULL,
  action   text        NOT NULL,
  at       timestamptz NOT NULL
);
CREATE INDEX audit_log_order ON audit_log (order_id, id);

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
CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE status = 'DELIVERED';
