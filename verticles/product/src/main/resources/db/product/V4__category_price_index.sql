-- A listing filtered by category (with its subcategories) and a price range, and its total, read
-- every row of those categories from the table (rows of one category lie on every page): 98 ms for
-- the count of one category of 100,000 products. With this index both are an index range scan, and
-- the count an index-only scan (stock is included for inStock): 1.5-2 ms.
CREATE INDEX products_active_category_price ON products (category, price, id) INCLUDE (stock)
  WHERE status = 'ACTIVE';
