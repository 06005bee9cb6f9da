-- The whole catalogue: search, categories, reservations, audit log and outbox. Written by the product
-- service only. Search words are computed by the service (io.emporium.product.search.SearchText) and
-- kept in the search_* columns, so that PostgreSQL and the in-memory store agree on what a word is.

-- pg_trgm (similar words, for typos) lives wherever it was installed; install it here when absent.
DO $$
DECLARE
  trgm text;
BEGIN
  SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  IF trgm IS NULL THEN
    CREATE EXTENSION pg_trgm SCHEMA product;
    trgm := 'product';
  END IF;
  CREATE TABLE product.search_words (word text PRIMARY KEY);
  EXECUTE format('CREATE INDEX search_words_trgm ON product.search_words USING gin (word %I.gin_trgm_ops)', trgm);
END $$;

ALTER TABLE products
  -- The name sort key: only A-Z lowered, so the order does not depend on the database's locale (and
  -- the in-memory store can reproduce it); compared with COLLATE "C".
  ADD COLUMN name_key text GENERATED ALWAYS AS (translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    'abcdefghijklmnopqrstuvwxyz')) STORED,
  ADD COLUMN search_name        text NOT NULL DEFAULT '',
  ADD COLUMN search_tags        text NOT NULL DEFAULT '',
  ADD COLUMN search_description text NOT NULL DEFAULT '',
  -- Name weighs most (A), then tags (B), then description (C). 'simple': no stemming, no stop words.
  ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, search_name), 'A')
    || setweight(to_tsvector('simple'::regconfig, search_tags), 'B')
    || setweight(to_tsvector('simple'::regconfig, search_description), 'C')) STORED;

CREATE INDEX products_search ON products USING gin (search_vector);
CREATE INDEX products_tags ON products USING gin (tags);
-- Listings show active products; each order ends with the id (keyset paging).
CREATE INDEX products_active_price ON products (price, id) WHERE status = 'ACTIVE';
CREATE INDEX products_active_name ON products ((name_key COLLATE "C"), id) WHERE status = 'ACTIVE';
CREATE INDEX products_active_newest ON products (created_at, id) WHERE status = 'ACTIVE';
CREATE INDEX products_active_featured ON products (created_at, id) WHERE status = 'ACTIVE' AND featured;

-- Every ASCII word of every product, for similar-word lookups (pg_trgm on a word list, as the
-- PostgreSQL manual suggests); words of deleted products stay, which only costs a little space.
CREATE FUNCTION remember_inserted_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product.search_words (word)
  SELECT DISTINCT w FROM new_rows, unnest(tsvector_to_array(new_rows.search_vector)) AS w
   WHERE w ~ '^[a-z0-9]{1,64}$'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION remember_updated_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product.search_words (word)
  SELECT DISTINCT w FROM unnest(tsvector_to_array(NEW.search_vector)) AS w
   WHERE w ~ '^[a-z0-9]{1,64}$'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER products_words_inserted AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION remember_inserted_words();
CREATE TRIGGER products_words_updated AFTER UPDATE OF search_name, search_tags, search_description ON products
  FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector) EXECUTE FUNCTION remember_updated_words();

-- The category tree. Products name their category by slug (no foreign key: the service checks it, and
-- a category with products cannot be deleted).
CREATE TABLE categories (
  slug       text        PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 64),
  name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  parent     text        REFERENCES categories (slug),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX categories_parent ON categories (parent);

-- Stock held for other services, by their reservation id; items: [{"productId","quantity"}].
CREATE TABLE reservations (
  id         uuid        PRIMARY KEY,
  status     text        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
  items      jsonb       NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX reservations_held_expiry ON reservations (expires_at) WHERE status = 'HELD';

-- Every change, written in the transaction of the change. No foreign keys: the log outlives what it
-- talks about. target_id is a product or reservation id, or a category slug.
CREATE TABLE audit_log (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  actor_id   uuid,
  action     text        NOT NULL,
  target_id  text        NOT NULL,
  client_ip  text,
  user_agent text,
  request_id text,
  before     jsonb,
  after      jsonb,
  details    jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log (target_id, id);

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
