-- Two transactions that add overlapping words used to insert them in whatever order DISTINCT gave,
-- each waiting on the other's uncommitted word: a deadlock (seen with two concurrent creates).
-- Inserting in word order makes every writer take the words in the same order.
CREATE OR REPLACE FUNCTION remember_inserted_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product.search_words (word)
  SELECT DISTINCT w FROM new_rows, unnest(tsvector_to_array(new_rows.search_vector)) AS w
   WHERE w ~ '^[a-z0-9]{1,64}$'
   ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION remember_updated_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product.search_words (word)
  SELECT DISTINCT w FROM unnest(tsvector_to_array(NEW.search_vector)) AS w
   WHERE w ~ '^[a-z0-9]{1,64}$'
   ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
