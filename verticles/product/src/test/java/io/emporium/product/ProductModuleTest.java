package io.emporium.product;

import static io.emporium.product.store.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.demo.CatalogueGenerator;
import io.emporium.product.demo.DemoCatalogue;
import io.emporium.product.domain.CategoryTree;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ReservationItem;
import io.emporium.product.domain.ReservationRequest;
import io.emporium.product.domain.ReservationStatus;
import io.emporium.product.store.Fixtures;
import io.emporium.product.store.ProductRepository;
import io.emporium.product.store.Recorder;
import io.emporium.product.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the module runs besides the verticles: the outbox relay, the reservation sweeper, the demo catalogue. */
@ExtendWith(VertxExtension.class)
class ProductModuleTest {
  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }


  static EmporiumConfig config(Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> overrides = new java.util.HashMap<>(Map.of(ConfigKey.OUTBOX_POLL_MS, "50",
        ConfigKey.STOCK_SWEEP_INTERVAL_MS, "100"));
    overrides.putAll(extra);
    return TestConfigs.with(overrides);
  }

  static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void theRelayPublishesEachChangesEventsOnTheBus(Vertx vertx) throws Exception {
    ProductModule module = await(ProductModule.start(vertx, config(Map.of())));
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.event("product.created"), m -> heard.add(m.body()))
        .completion());
    Product created = await(module.repository().create(Fixtures.product("EV-1", "Cup", "", "1.00", "kitchen",
        List.of(), false, 1)));
    eventually("product.created heard", () -> !heard.isEmpty());
    assertThat(heard.get(0).getString("type")).isEqualTo("product.created");
    assertThat(heard.get(0).getJsonObject("payload").getString("id")).isEqualTo(created.id().toString());
    eventually("outbox delivered", () -> await(module.repository().outbox().stats()).pending() == 0);
    await(module.close());
  }

  @Test
  void theSweeperGivesTheStockOfExpiredReservationsBack(Vertx vertx) throws Exception {
    ProductModule module = await(ProductModule.start(vertx, config(Map.of())));
    ProductRepository repository = module.repository();
    Product cup = await(repository.create(Fixtures.product("SW-1", "Cup", "", "1.00", "kitchen", List.of(), false,
        10)));
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    await(repository.reserve(new ReservationRequest(id, List.of(new ReservationItem(cup.id(), 4)), now.plusMillis(300)),
        now, Recorder.system(5)));
    assertThat(await(repository.findById(cup.id())).orElseThrow().stock()).isEqualTo(6);
    eventually("the reservation expired", () -> await(repository.findReservation(id)).orElseThrow().status()
        == ReservationStatus.EXPIRED);
    assertThat(await(repository.findById(cup.id())).orElseThrow().stock()).isEqualTo(10);
    await(module.close());
  }

  @Test
  void theDemoCatalogueIsTheSameEveryTimeAndLoadsOnlyIntoAnEmptyCatalogue(Vertx vertx) {
    ProductModule module = await(ProductModule.start(vertx, config(Map.of(ConfigKey.CATALOGUE_DEMO, "true"))));
    ProductRepository repository = module.repository();
    assertThat(await(repository.count())).isEqualTo(DemoCatalogue.PRODUCTS);
    assertThat(await(repository.categories())).hasSize(CatalogueGenerator.categories().size());
    long counted = CategoryTree.toJson(await(repository.categories())).stream()
        .mapToLong(o -> ((JsonObject) o).getLong("totalCount")).sum();
    assertThat(counted).isEqualTo(DemoCatalogue.PRODUCTS);
    assertThat(await(DemoCatalogue.loadIfEmpty(repository, 5))).isZero();
    CatalogueGenerator generator = new CatalogueGenerator(DemoCatalogue.SEED, "DEMO");
    assertThat(generator.product(17)).isEqualTo(new CatalogueGenerator(DemoCatalogue.SEED, "DEMO").product(17));
    await(module.close());
  }

  @Test
  void onPostgresTheModuleMigratesAndServes(Vertx vertx) {
    await(Stores.postgres(vertx));
    EmporiumConfig config = config(Map.of(ConfigKey.STORE, "postgres", ConfigKey.PG_URL, TestDatabase.url(),
        ConfigKey.CATALOGUE_DEMO, "true"));
    ProductModule module = await(ProductModule.start(vertx, config));
    assertThat(module.repository().kind()).isEqualTo("postgres");
    assertThat(await(module.repository().count())).isEqualTo(DemoCatalogue.PRODUCTS);
    await(module.close());
  }
}
