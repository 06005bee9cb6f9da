package io.emporium.product.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.service.Page;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductPatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link ProductRepository} must do. Each store runs these same cases through a subclass,
 * so the in-memory store cannot drift from PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
abstract class ProductRepositoryContract {
  protected ProductRepository repository;

  /** A repository with no products in it. */
  protected abstract Future<ProductRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void startFromAnEmptyRepository(Vertx vertx, VertxTestContext ctx) {
    emptyRepository(vertx).onComplete(ctx.succeeding(r -> {
      repository = r;
      ctx.completeNow();
    }));
  }
  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }


  static NewProduct product(String sku, String price) {
    return new NewProduct(sku, "Espresso cup " + sku, "Porcelain, 90 ml", new BigDecimal(price), "EUR", "kitchen",
        List.of("porcelain", "coffee"),
        new JsonObject().put("colour", "white").put("volumeMl", 90)
            .put("dishwasher", new JsonObject().put("safe", true)).put("sizes", new JsonArray().add("S").add("M")),
        true, 12);
  }

  static NewProduct withStock(String sku, int stock) {
    return new NewProduct(sku, "Stocked " + sku, "", new BigDecimal("1.00"), "EUR", "kitchen", List.of(),
        new JsonObject(), false, stock);
  }

  @Test
  void lowStockCountsActiveProductsAtOrBelowTheThreshold(VertxTestContext ctx) {
    repository.create(withStock("LOW-0", 0))
        .compose(p -> repository.create(withStock("LOW-5", 5)))
        .compose(p -> repository.create(withStock("OK-6", 6)))
        .compose(p -> repository.create(product("OK-12", "2.00")))
        .compose(p -> Future.all(repository.countLowStock(5), repository.countLowStock(0), repository.countLowStock(100)))
        .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
          assertThat(counts.<Long>resultAt(0)).isEqualTo(2L);
          assertThat(counts.<Long>resultAt(1)).isEqualTo(1L);
          assertThat(counts.<Long>resultAt(2)).isEqualTo(4L);
          ctx.completeNow();
        })));
  }

  @Test
  void createdProductIsFoundByIdWithEveryFieldEqual(VertxTestContext ctx) {
    NewProduct input = product("CUP-001", "19.99");
    repository.create(input)
        .compose(created -> repository.findById(created.id()).map(found -> List.of(created, found.orElseThrow())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          Product created = pair.get(0);
          Product found = pair.get(1);
          assertThat(found).isEqualTo(created);
          assertThat(found.sku()).isEqualTo("CUP-001");
          assertThat(found.name()).isEqualTo(input.name());
          assertThat(found.description()).isEqualTo("Porcelain, 90 ml");
          assertThat(found.currency()).isEqualTo("EUR");
          assertThat(found.category()).isEqualTo("kitchen");
          assertThat(found.tags()).containsExactly("porcelain", "coffee");
          assertThat(found.attributes()).isEqualTo(input.attributes());
          assertThat(found.featured()).isTrue();
          assertThat(found.stock()).isEqualTo(12);
          assertThat(found.status()).isEqualTo(Product.Status.ACTIVE);
          assertThat(found.createdAt()).isEqualTo(found.updatedAt()).isNotNull();
          // Microseconds, as PostgreSQL keeps them: otherwise a value read back would differ from the one created.
          assertThat(found.createdAt().getNano() % 1_000).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void priceRoundTripsAsAnExactDecimal(VertxTestContext ctx) {
    Future.all(
            repository.create(product("CUP-1999", "19.99")).compose(p -> repository.findById(p.id())),
            repository.create(product("CUP-0010", "0.10")).compose(p -> repository.findById(p.id())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Product high = all.<Optional<Product>>resultAt(0).orElseThrow();
          Product low = all.<Optional<Product>>resultAt(1).orElseThrow();
          // equals, not compareTo: scale counts, so 0.10 must not come back as 0.1 or 0.1000000001.
          assertThat(high.price()).isEqualTo(new BigDecimal("19.99"));
          assertThat(low.price()).isEqualTo(new BigDecimal("0.10"));
          assertThat(low.toJson().getJsonObject("price").getString("amount")).isEqualTo("0.10");
          ctx.completeNow();
        })));
  }

  @Test
  void unknownIdIsEmpty(VertxTestContext ctx) {
    repository.create(product("CUP-002", "5.00"))
        .compose(created -> repository.findById(UUID.randomUUID()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void skuDifferingOnlyInCaseIsAConflictOnFieldSku(VertxTestContext ctx) {
    repository.create(product("Cup-003", "5.00"))
        .compose(first -> repository.create(product("cUP-003", "6.00")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ServiceException.class);
          ServiceException conflict = (ServiceException) e;
          assertThat(conflict.code()).isEqualTo(ErrorCode.CONFLICT);
          assertThat(conflict.error().field()).isEqualTo("sku");
          ctx.completeNow();
        })));
  }

  @Test
  void conflictingCreateLeavesTheFirstProductUnchanged(VertxTestContext ctx) {
    repository.create(product("CUP-004", "5.00"))
        .compose(first -> repository.create(product("cup-004", "7.00"))
            .transform(ignored -> repository.findById(first.id()))
            .map(found -> List.of(first, found.orElseThrow())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(1)).isEqualTo(pair.get(0));
          assertThat(pair.get(1).price()).isEqualTo(new BigDecimal("5.00"));
          ctx.completeNow();
        })));
  }

  @Test
  void versionStartsAtOne(VertxTestContext ctx) {
    repository.create(product("CUP-005", "5.00"))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(created.version()).isEqualTo(1L);
          ctx.completeNow();
        })));
  }

  @Test
  void eachProductGetsItsOwnId(VertxTestContext ctx) {
    Future.all(repository.create(product("CUP-006", "1.00")), repository.create(product("CUP-007", "1.00")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<Product>resultAt(0).id()).isNotEqualTo(all.<Product>resultAt(1).id());
          ctx.completeNow();
        })));
  }

  @Test
  void pingSucceeds(VertxTestContext ctx) {
    repository.ping().onComplete(ctx.succeedingThenComplete());
  }

  // ---- updates, deletes, optimistic concurrency, events and audit (blocking style) -------------

  private static ProductPatch rename(String name) {
    return new ProductPatch(Optional.empty(), Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void anUpdateWithTheCurrentVersionMakesTheNextVersionAndARereadSeesIt() {
    Product created = Fixtures.await(repository.create(product("UPD-1", "5.00")));
    Product updated = Fixtures.await(repository.update(created.id(), rename("Renamed cup"), Optional.of(1L),
        Fixtures.at(10), Fixtures.admin()));
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.name()).isEqualTo("Renamed cup");
    assertThat(updated.updatedAt()).isEqualTo(Fixtures.at(10));
    assertThat(updated.createdAt()).isEqualTo(created.createdAt());
    assertThat(Fixtures.await(repository.findById(created.id()))).contains(updated);
  }

  @Test
  void aStaleVersionIsPreconditionFailedAndChangesNothing() {
    Product created = Fixtures.await(repository.create(product("UPD-2", "5.00")));
    Fixtures.await(repository.update(created.id(), rename("First"), Optional.of(1L), Fixtures.at(10),
        Fixtures.admin()));
    Fixtures.drainEvents(repository);
    Fixtures.assertError(repository.update(created.id(), rename("Second"), Optional.of(1L), Fixtures.at(11),
        Fixtures.admin()), ErrorCode.PRECONDITION_FAILED, "version");
    Product now = Fixtures.await(repository.findById(created.id())).orElseThrow();
    assertThat(now.name()).isEqualTo("First");
    assertThat(now.version()).isEqualTo(2);
    assertThat(Fixtures.drainEvents(repository)).isEmpty();
  }

  @Test
  void ofConcurrentUpdatesOfOneVersionExactlyOneWins() {
    Product created = Fixtures.await(repository.create(product("UPD-3", "5.00")));
    List<Future<Product>> attempts = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      attempts.add(repository.update(created.id(), rename("Writer " + i), Optional.of(1L), Fixtures.at(10),
          Fixtures.admin()));
    }
    Fixtures.await(Future.join(attempts).otherwiseEmpty());
    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed).map(f -> ((ServiceException) f.cause()).code()))
        .hasSize(11).containsOnly(ErrorCode.PRECONDITION_FAILED);
    assertThat(Fixtures.await(repository.findById(created.id())).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheVersionAndRecordsNothing() {
    Product created = Fixtures.await(repository.create(product("UPD-4", "5.00")));
    Fixtures.drainEvents(repository);
    Product same = Fixtures.await(repository.update(created.id(), rename(created.name()), Optional.of(1L),
        Fixtures.at(10), Fixtures.admin()));
    assertThat(same).isEqualTo(created);
    assertThat(Fixtures.drainEvents(repository)).isEmpty();
  }

  @Test
  void updatingToASkuAnotherProductHasIsAConflictOnSku() {
    Fixtures.await(repository.create(product("SKU-A", "5.00")));
    Product b = Fixtures.await(repository.create(product("SKU-B", "5.00")));
    ProductPatch takeA = new ProductPatch(Optional.of("sku-a"), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
    Fixtures.assertError(repository.update(b.id(), takeA, Optional.of(1L), Fixtures.at(10), Fixtures.admin()),
        ErrorCode.CONFLICT, "sku");
    ProductPatch ownCase = new ProductPatch(Optional.of("sku-b"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    assertThat(Fixtures.await(repository.update(b.id(), ownCase, Optional.of(1L), Fixtures.at(10),
        Fixtures.admin())).sku()).isEqualTo("sku-b");
  }

  @Test
  void unknownIdsAreNotFoundForUpdateAndDelete() {
    Fixtures.assertError(repository.update(UUID.randomUUID(), rename("x"), Optional.of(1L), Fixtures.at(1),
        Fixtures.admin()), ErrorCode.NOT_FOUND, "id");
    Fixtures.assertError(repository.delete(UUID.randomUUID(), Optional.empty(), Fixtures.at(1), Fixtures.admin()),
        ErrorCode.NOT_FOUND, "id");
  }

  @Test
  void deleteChecksTheVersionWhenGivenAndThenTheProductIsGone() {
    Product created = Fixtures.await(repository.create(product("DEL-1", "5.00")));
    Fixtures.assertError(repository.delete(created.id(), Optional.of(7L), Fixtures.at(1), Fixtures.admin()),
        ErrorCode.PRECONDITION_FAILED, "version");
    Fixtures.await(repository.delete(created.id(), Optional.of(1L), Fixtures.at(2), Fixtures.admin()));
    assertThat(Fixtures.await(repository.findById(created.id()))).isEmpty();
    // The sku is free again.
    assertThat(Fixtures.await(repository.create(product("del-1", "5.00"))).sku()).isEqualTo("del-1");
  }

  @Test
  void aCategoryMustExistForAdminWritesButNotForTools() {
    Fixtures.assertError(repository.create(product("CAT-1", "5.00"), Fixtures.at(1), Fixtures.admin()),
        ErrorCode.VALIDATION, "category");
    assertThat(Fixtures.await(repository.create(product("CAT-1", "5.00"))).category()).isEqualTo("kitchen");
  }

  @Test
  void everyChangeWritesItsEventsAndItsAuditEntryWithIt() {
    Fixtures.category(repository, "kitchen", null);
    Product created = Fixtures.create(repository, product("EVT-1", "5.00"), Fixtures.at(1));
    Product updated = Fixtures.await(repository.update(created.id(), rename("Evented"), Optional.of(1L),
        Fixtures.at(2), Fixtures.admin()));
    Fixtures.await(repository.delete(created.id(), Optional.of(2L), Fixtures.at(3), Fixtures.admin()));
    List<OutboxEvent> events = Fixtures.drainEvents(repository);
    assertThat(events.stream().map(OutboxEvent::type)).containsExactly("category.created", "product.created",
        "product.updated", "product.deleted");
    JsonObject updatedEvent = events.get(2).payload();
    assertThat(updatedEvent.getString("id")).isEqualTo(created.id().toString());
    assertThat(updatedEvent.getLong("version")).isEqualTo(2);
    assertThat(updatedEvent.getJsonObject("product").getString("name")).isEqualTo("Evented");
    assertThat(events.get(3).payload().getLong("version")).isEqualTo(2);

    Page<AuditRecord<AuditAction>> audit = Fixtures.await(repository.audit(new AuditQuery<>(1, 10, Optional.empty(),
        Optional.empty(), Optional.of(created.id().toString()), Optional.empty(), Optional.empty(),
        Optional.empty())));
    assertThat(audit.total()).isEqualTo(3);
    assertThat(audit.items().stream().map(r -> r.entry().action())).containsExactly(AuditAction.PRODUCT_DELETE,
        AuditAction.PRODUCT_UPDATE, AuditAction.PRODUCT_CREATE);
    AuditEntry<AuditAction> update = audit.items().get(1).entry();
    assertThat(update.actorId()).contains(Fixtures.ADMIN);
    assertThat(update.requestId()).contains("req-test");
    assertThat(update.before().getString("name")).isEqualTo(created.name());
    assertThat(update.after()).isEqualTo(updated.toJson());
    assertThat(audit.items().get(0).entry().after()).isNull();
    assertThat(audit.items().get(2).entry().before()).isNull();
    assertThat(audit.items().get(1).at()).isEqualTo(Fixtures.at(2));
    assertThat(audit.items().get(1).toJson().getString("entity")).isEqualTo("product");
  }

  @Test
  void auditFiltersByActorActionEntityAndTimeNewestFirst() {
    Fixtures.category(repository, "kitchen", null);
    for (int i = 0; i < 5; i++) {
      Fixtures.create(repository, product("AUD-" + i, "5.00"), Fixtures.at(10 + i));
    }
    Page<AuditRecord<AuditAction>> page = Fixtures.await(repository.audit(
        new AuditQuery<>(2, 2, Optional.of(Fixtures.ADMIN),
        Optional.of(AuditAction.PRODUCT_CREATE), Optional.empty(), Optional.of("product"), Optional.empty(),
        Optional.empty())));
    assertThat(page.total()).isEqualTo(5);
    assertThat(page.items().stream().map(r -> r.entry().after().getString("sku"))).containsExactly("AUD-2", "AUD-1");
    Page<AuditRecord<AuditAction>> window = Fixtures.await(repository.audit(new AuditQuery<>(1, 10, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Fixtures.at(11)),
        Optional.of(Fixtures.at(13)))));
    assertThat(window.items().stream().map(r -> r.entry().after().getString("sku"))).containsExactly("AUD-2", "AUD-1");
    Page<AuditRecord<AuditAction>> categories = Fixtures.await(repository.audit(
        new AuditQuery<>(1, 10, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("category"), Optional.empty(), Optional.empty())));
    assertThat(categories.items()).singleElement().satisfies(r -> assertThat(r.entry().targetId()).contains("kitchen"));
    assertThat(Fixtures.await(repository.audit(new AuditQuery<>(1, 10, Optional.of(UUID.randomUUID()),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))).total()).isZero();
  }

  @Test
  void categoriesCannotBeDuplicatedOrHangFromNothingOrBeDeletedWhileInUse() {
    Fixtures.category(repository, "kitchen", null);
    Fixtures.category(repository, "cups", "kitchen");
    Fixtures.assertError(repository.createCategory(new Category("kitchen", "Again", Optional.empty()),
        Fixtures.admin()), ErrorCode.CONFLICT, "slug");
    Fixtures.assertError(repository.createCategory(new Category("orphan", "Orphan", Optional.of("nowhere")),
        Fixtures.admin()), ErrorCode.VALIDATION, "parent");
    Fixtures.assertError(repository.deleteCategory("kitchen", Fixtures.admin()), ErrorCode.CONFLICT, null);
    NewProduct cup = new NewProduct("CUPS-1", "Cup", "", new BigDecimal("1.00"), "EUR", "cups", List.of(),
        new JsonObject(), false, 1);
    Product inCups = Fixtures.create(repository, cup, Fixtures.at(1));
    Fixtures.assertError(repository.deleteCategory("cups", Fixtures.admin()), ErrorCode.CONFLICT, null);
    Fixtures.await(repository.delete(inCups.id(), Optional.empty(), Fixtures.at(2), Fixtures.admin()));
    Fixtures.await(repository.deleteCategory("cups", Fixtures.admin()));
    Fixtures.await(repository.deleteCategory("kitchen", Fixtures.admin()));
    Fixtures.assertError(repository.deleteCategory("kitchen", Fixtures.admin()), ErrorCode.NOT_FOUND, null);
    assertThat(Fixtures.await(repository.categories())).isEmpty();
  }
}
