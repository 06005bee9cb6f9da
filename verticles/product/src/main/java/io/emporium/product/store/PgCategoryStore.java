package io.emporium.product.store;

import io.emporium.platform.persistence.PgFailures;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.CategoryCount;
import io.emporium.product.domain.CategoryRules;
import io.emporium.product.domain.Change;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The category tree in PostgreSQL ({@code product.categories}); each change in one transaction with its records. */
final class PgCategoryStore implements CategoryStore {
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final PgStore db;
  private final PgChangeLog changes;

  PgCategoryStore(PgStore db, PgChangeLog changes) {
    this.db = db;
    this.changes = changes;
  }

  @Override
  public Future<List<CategoryCount>> categories() {
    String sql = "SELECT c.slug, c.name, c.parent, (SELECT count(*) FROM product.products p WHERE p.category = c.slug"
        + " AND p.status = 'ACTIVE') AS n FROM product.categories c";
    return db.run("product.categories", db.pool().query(sql).execute()).map(rows -> {
      List<CategoryCount> list = new ArrayList<>();
      rows.forEach(r -> list.add(new CategoryCount(category(r), r.getLong("n"))));
      return list;
    });
  }

  @Override
  public Future<Category> createCategory(Category category, Recorder recorder) {
    Instant at = Timestamps.micros(Instant.now());
    return db.transaction("product.createCategory", tx -> tx.preparedQuery("INSERT INTO product.categories (slug, name,"
            + " parent, created_at) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(category.slug(), category.name(), category.parent().orElse(null), PgRows.utc(at)))
        .recover(e -> {
          if (e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
            return Future.failedFuture(CategoryRules.unknownParent(category.parent().orElse("")).toException());
          }
          return PgFailures.translate(e, "product.createCategory", "slug");
        })
        .compose(v -> changes.record(tx, List.of(Change.categoryCreated(category)), recorder, at)).map(category));
  }

  @Override
  public Future<Void> deleteCategory(String slug, Recorder recorder) {
    Instant at = Timestamps.micros(Instant.now());
    return db.transaction("product.deleteCategory", tx -> tx.preparedQuery("SELECT slug, name, parent FROM"
        + " product.categories WHERE slug = $1 FOR UPDATE").execute(Tuple.of(slug)).compose(rows -> {
          Optional<Category> found = PgStore.first(rows).map(PgCategoryStore::category);
          if (found.isEmpty()) {
            return Future.failedFuture(CategoryRules.notFound(slug).toException());
          }
          // A separate statement after the lock: it sees products filed by transactions that held it.
          String uses = "SELECT EXISTS (SELECT 1 FROM product.categories WHERE parent = $1) AS children,"
              + " EXISTS (SELECT 1 FROM product.products WHERE category = $1) AS products";
          return tx.preparedQuery(uses).execute(Tuple.of(slug)).compose(use -> {
            Row row = use.iterator().next();
            if (row.getBoolean("children")) {
              return Future.failedFuture(CategoryRules.hasSubcategories().toException());
            }
            if (row.getBoolean("products")) {
              return Future.failedFuture(CategoryRules.hasProducts().toException());
            }
            return tx.preparedQuery("DELETE FROM product.categories WHERE slug = $1").execute(Tuple.of(slug))
                .compose(v -> changes.record(tx, List.of(Change.categoryDeleted(found.get())), recorder, at));
          });
        }));
  }

  private static Category category(Row row) {
    return new Category(row.getString("slug"), row.getString("name"), Optional.ofNullable(row.getString("parent")));
  }
}
