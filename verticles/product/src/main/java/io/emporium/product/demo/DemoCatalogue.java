package io.emporium.product.demo;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WritePlanner.FieldNames;
import io.emporium.product.domain.WriteRequest;
import io.emporium.product.store.ProductRepository;
import io.emporium.product.store.Recorder;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo catalogue ({@code --catalogue.demo=true}): 6 root categories with 16 subcategories and
 * {@value #PRODUCTS} products, always the same, loaded only into an empty catalogue (so restarting with
 * the flag changes nothing, and several JVMs may start with it). Written like any admin change: with
 * events and audit entries, by the service itself.
 */
public final class DemoCatalogue {
  public static final int PRODUCTS = 320;
  public static final long SEED = 20_261_125L;
  private static final Logger LOG = LoggerFactory.getLogger(DemoCatalogue.class);

  private DemoCatalogue() {}

  /** Answers the number of products written (0 when the catalogue was not empty). */
  public static Future<Integer> loadIfEmpty(ProductRepository repository, int lowStockThreshold) {
    Recorder recorder = Recorder.system(lowStockThreshold);
    return repository.count().compose(count -> {
      if (count > 0) {
        LOG.info("demo catalogue not loaded: the catalogue already has {} product(s)", count);
        return Future.succeededFuture(0);
      }
      Future<Void> categories = Future.succeededFuture();
      for (Category c : CatalogueGenerator.categories()) {
        categories = categories.compose(v -> repository.createCategory(c, recorder).<Void>mapEmpty()
            .recover(e -> alreadyThere(e) ? Future.succeededFuture() : Future.failedFuture(e)));
      }
      CatalogueGenerator generator = new CatalogueGenerator(SEED, "DEMO");
      List<WriteOp> ops = generator.products(0, PRODUCTS).stream().<WriteOp>map(WriteOp.Create::new).toList();
      return categories.compose(v -> repository.write(WriteRequest.bulk(ops, false, FieldNames.bulk()), Instant.now(), recorder))
          .map(outcome -> {
            int written = (int) (outcome.items().size() - outcome.failures());
            LOG.info("demo catalogue loaded: {} products in {} categories", written,
                CatalogueGenerator.categories().size());
            return written;
          });
    });
  }

  private static boolean alreadyThere(Throwable e) {
    return ServiceError.from(e).code() == ErrorCode.CONFLICT;
  }
}
