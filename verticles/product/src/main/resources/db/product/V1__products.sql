-- The product service's own schema (created by Flyway); nothing outside the service reads it.
CREATE TABLE products (
  id          uuid PRIMARY KEY,
  sku         text        NOT NULL,
  name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description text        NOT NULL DEFAULT '',
  price       numeric(12, 2) NOT NULL CHECK (price >= 0),
  currency    char(3)     NOT NULL,
  category    text,
  tags        text[]      NOT NULL DEFAULT '{}',
  attributes  jsonb       NOT NULL DEFAULT '{}',
  featured    boolean     NOT NULL DEFAULT false,
  stock       integer     NOT NULL DEFAULT 0 CHECK (stock >= 0),
  status      text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ARCHIVED')),
  version     bigint      NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- SKUs are unique without regard to case.
CREATE UNIQUE INDEX products_sku_key ON products (lower(sku));
CREATE INDEX products_category_idx ON products (category);
