package io.emporium.product.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The product repository in PostgreSQL (schema {@code product}), composed of one store per aggregate:
 * {@link PgCatalogueStore} (products, listings and search), {@link PgStockStore} (stock and
 * reservations), {@link PgCategoryStore} and {@link PgChangeLog} (audit log and outbox), sharing one
 * {@link PgStore} (pool, deadlines, failure translation). Every value is bound, never concatenated.
 * Each change runs in one transaction with its outbox events and audit entry.
 */
public final class PgProductRepository extends ProductStores {
  private final PgStore db;

  public PgProductRepository(Vertx vertx, Pool pool, long timeoutMs) {
    this(new PgStore(vertx, pool, timeoutMs));
  }

  private PgProductRepository(PgStore db) {
    this(db, new PgChangeLog(db));
  }

  private PgProductRepository(PgStore db, PgChangeLog changes) {
    super(new PgCatalogueStore(db, changes), new PgStockStore(db, changes), new PgCategoryStore(db, changes), changes);
    this.db = db;
  }

  @Override
  public Future<Void> ping() {
    return db.run("product.ping", db.pool().query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }
}
