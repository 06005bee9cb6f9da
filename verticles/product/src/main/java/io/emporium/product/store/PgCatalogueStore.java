package io.emporium.product.store;

import io.emporium.product.domain.Change;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.PlannedWrite;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.SearchText;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WritePlanner;
import io.emporium.product.domain.WritePlanner.FieldNames;
import io.emporium.product.domain.WriteRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The products in PostgreSQL ({@code product.products} and its word list {@code product.search_words}).
 * A batch of writes runs in one transaction with its outbox events and audit entries; listings and
 * searches are {@link PgCatalogueSearch}'s.
 */
final class PgCatalogueStore implements CatalogueStore {
  private final PgStore db;
  private final PgChangeLog changes;
  private final PgCatalogueSearch search;

  PgCatalogueStore(PgStore db, PgChangeLog changes) {
    this.db = db;
    this.changes = changes;
    this.search = new PgCatalogueSearch(db);
  }

  @Override
  public Future<Optional<Product>> findById(UUID id) {
    return db.run("product.findById", db.pool().preparedQuery("SELECT " + PgRows.PRODUCT_COLUMNS
        + " FROM product.products WHERE id = $1").execute(Tuple.of(id)))
        .map(rows -> PgStore.first(rows).map(PgRows::product));
  }

  @Override
  public Future<WriteOutcome> write(WriteRequest request, Instant now, Recorder recorder) {
    Instant at = Timestamps.micros(now);
    boolean atomic = request.atomic();
    return db.transaction("product.write", tx -> loadWorld(tx, request.ops()).compose(world -> {
      List<PlannedWrite> plan = WritePlanner.plan(request, world, at, UUID::randomUUID);
      if (atomic && !plan.stream().allMatch(PlannedWrite::ok)) {
        return Future.succeededFuture(new WriteOutcome(plan, false));
      }
      return apply(tx, plan, request.fields()).compose(applied -> {
        if (atomic && !applied.stream().allMatch(PlannedWrite::ok)) {
          // A create lost a race for its sku after planning: undo everything.
          return Future.failedFuture(new PgStore.RolledBack(new WriteOutcome(applied, false)));
        }
        List<Change> made = new ArrayList<>();
        for (PlannedWrite item : applied) {
          if (item.isCreate()) {
            made.add(Change.created(item.after().orElseThrow()));
          } else if (item.isUpdate()) {
            made.add(Change.updated(item.before().orElseThrow(), item.after().orElseThrow()));
          } else if (item.isDelete()) {
            made.add(Change.deleted(item.before().orElseThrow()));
          }
        }
        return changes.record(tx, made, recorder, at).map(v -> new WriteOutcome(applied, true));
      });
    })).recover(e -> e instanceof PgStore.RolledBack rolledBack
        ? Future.succeededFuture((WriteOutcome) rolledBack.answer()) : Future.failedFuture(e));
  }

  /** Locks the products the writes touch (in id order), and reads the skus and categories they need. */
  private static Future<WritePlanner.World> loadWorld(SqlConnection tx, List<WriteOp> ops) {
    UUID[] ids = WritePlanner.targetIds(ops).stream().sorted(PgCatalogueStore::compareIds).toArray(UUID[]::new);
    String[] skus = WritePlanner.skuKeys(ops).toArray(String[]::new);
    String[] slugs = WritePlanner.categories(ops).toArray(String[]::new);
    Future<Map<UUID, Product>> locked = ids.length == 0 ? Future.succeededFuture(Map.of())
        : tx.preparedQuery("SELECT " + PgRows.PRODUCT_COLUMNS + " FROM product.products WHERE id = ANY($1::uuid[])"
            + " ORDER BY id FOR UPDATE").execute(Tuple.of(ids)).map(rows -> {
              Map<UUID, Product> found = new HashMap<>();
              rows.forEach(r -> found.put(r.getUUID("id"), PgRows.product(r)));
              return found;
            });
    return locked.compose(products -> {
      Future<Map<String, UUID>> owners = skus.length == 0 ? Future.succeededFuture(Map.of())
          : tx.preparedQuery("SELECT id, lower(sku) AS k FROM product.products WHERE lower(sku) = ANY($1::text[])")
              .execute(Tuple.of(skus)).map(rows -> {
                Map<String, UUID> found = new HashMap<>();
                rows.forEach(r -> found.put(r.getString("k"), r.getUUID("id")));
                return found;
              });
      Future<Set<String>> categories = slugs.length == 0 ? Future.succeededFuture(Set.of())
          // FOR SHARE: a category cannot be deleted while a product is being filed under it.
          : tx.preparedQuery("SELECT slug FROM product.categories WHERE slug = ANY($1::text[]) FOR SHARE")
              .execute(Tuple.of(slugs)).map(rows -> {
                Set<String> found = new HashSet<>();
                rows.forEach(r -> found.add(r.getString("slug")));
                return found;
              });
      return Future.all(owners, categories).map(all -> new WritePlanner.World() {
        @Override
        public Optional<Product> product(UUID id) {
          return Optional.ofNullable(products.get(id));
        }

        @Override
        public Optional<UUID> skuOwner(String skuKey) {
          return Optional.ofNullable(owners.result().get(skuKey));
        }

        @Override
        public boolean categoryExists(String slug) {
          return categories.result().contains(slug);
        }
      });
    });
  }

  /** Deletes, then updates, then inserts (each batched); creates that lost their sku to a racer fail. */
  private static Future<List<PlannedWrite>> apply(SqlConnection tx, List<PlannedWrite> plan, FieldNames fields) {
    UUID[] deletes = plan.stream().filter(PlannedWrite::isDelete).map(p -> p.before().orElseThrow().id())
        .toArray(UUID[]::new);
    List<Tuple> updates = plan.stream().filter(PlannedWrite::isUpdate)
        .map(p -> PgRows.writeTuple(p.after().orElseThrow())).toList();
    List<PlannedWrite> creates = plan.stream().filter(PlannedWrite::isCreate).toList();
    Future<Void> deleted = rememberWords(tx, plan).compose(v -> deletes.length == 0 ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM product.products WHERE id = ANY($1::uuid[])").execute(Tuple.of(deletes))
            .mapEmpty());
    return deleted.compose(v -> updates.isEmpty() ? Future.succeededFuture()
            : tx.preparedQuery("UPDATE product.products SET sku = $2, name = $3, description = $4, price = $5,"
                + " currency = $6, category = $7, tags = $8, attributes = $9, featured = $10, stock = $11,"
                + " status = $12, version = $13, created_at = $14, updated_at = $15, search_name = $16,"
                + " search_tags = $17, search_description = $18 WHERE id = $1").executeBatch(updates).mapEmpty())
        .compose(v -> insert(tx, creates))
        .map(inserted -> {
          if (inserted.size() == creates.size()) {
            return plan;
          }
          List<PlannedWrite> result = new ArrayList<>();
          for (PlannedWrite p : plan) {
            boolean lost = p.isCreate() && !inserted.contains(p.after().orElseThrow().id());
            result.add(lost ? p.failedWith(WritePlanner.skuTaken(fields.of(p.index(), "sku"))) : p);
          }
          return result;
        });
  }

  /**
   * Adds the search words of every product the plan creates or changes, in one statement and in word
   * order, before any row is written. The triggers of V2/V3 add them again per statement, which on its
   * own takes a bulk's words in product order: two bulks adding the same new words in different orders
   * deadlocked. Taken here first, all in word order, every writer takes them in the same order. The
   * words are those of the generated {@code search_vector} (V2): 'simple' lexemes of the three texts.
   */
  private static Future<Void> rememberWords(SqlConnection tx, List<PlannedWrite> plan) {
    List<Product> written = plan.stream().filter(p -> p.isCreate() || p.isUpdate())
        .map(p -> p.after().orElseThrow()).toList();
    if (written.size() < 2) {
      return Future.succeededFuture();  // one statement: the trigger already takes its words in order
    }
    String[] names = written.stream().map(p -> SearchText.joined(p.name())).toArray(String[]::new);
    String[] tags = written.stream().map(p -> SearchText.joined(p.tags())).toArray(String[]::new);
    String[] descriptions = written.stream().map(p -> SearchText.joined(p.description())).toArray(String[]::new);
    String sql = "INSERT INTO product.search_words (word)"
        + " SELECT DISTINCT w FROM unnest($1::text[], $2::text[], $3::text[]) AS t(n, tg, d),"
        + " unnest(tsvector_to_array(to_tsvector('simple'::regconfig, n) || to_tsvector('simple'::regconfig, tg)"
        + " || to_tsvector('simple'::regconfig, d))) AS w"
        + " WHERE w ~ '^[a-z0-9]{1,64}$' ORDER BY w ON CONFLICT DO NOTHING";
    return tx.preparedQuery(sql).execute(Tuple.of(names, tags, descriptions)).mapEmpty();
  }

  private static Future<Set<UUID>> insert(SqlConnection tx, List<PlannedWrite> creates) {
    if (creates.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<Tuple> rows = creates.stream().map(p -> PgRows.writeTuple(p.after().orElseThrow())).toList();
    String sql = "INSERT INTO product.products (" + PgRows.WRITE_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
        + " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT DO NOTHING RETURNING id";
    return tx.preparedQuery(sql).executeBatch(rows).map(first -> {
      Set<UUID> inserted = new HashSet<>();
      for (RowSet<Row> rs = first; rs != null; rs = rs.next()) {
        rs.forEach(r -> inserted.add(r.getUUID("id")));
      }
      return inserted;
    });
  }

  @Override
  public Future<Found> find(ProductQuery query) {
    return search.find(query);
  }

  @Override
  public Future<Long> count() {
    return db.run("product.countAll", db.pool().query("SELECT count(*) AS n FROM product.products").execute())
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Long> countLowStock(int threshold) {
    return db.run("product.countLowStock", db.pool().preparedQuery(
            "SELECT count(*) AS n FROM product.products WHERE status = 'ACTIVE' AND stock <= $1")
        .execute(Tuple.of(threshold)))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static int compareIds(UUID a, UUID b) {
    return a.toString().compareTo(b.toString());
  }
}
