package io.emporium.product.store;

import static io.emporium.product.store.Fixtures.at;
import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.create;
import static io.emporium.product.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.product.domain.Direction;
import io.emporium.product.domain.Paging;
import io.emporium.product.domain.PlannedWrite;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductPatch;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.Sort;
import io.emporium.product.domain.SortField;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WritePlanner.FieldNames;
import io.emporium.product.domain.WriteRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bulk writes: each item answered on its own, in request order, as if the items before it were
 * applied; an atomic request applies all or none; a thousand items in one go.
 */
@ExtendWith(VertxExtension.class)
abstract class BulkWriteContract {
  protected ProductRepository repository;
  private Product existing;
  private Product other;

  protected abstract Future<ProductRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void twoProducts(Vertx vertx) {
    repository = await(emptyRepository(vertx));
    Fixtures.category(repository, "kitchen", null);
    existing = create(repository, product("OLD-1", "Old one", "", "10.00", "kitchen", List.of(), false, 5), at(1));
    other = create(repository, product("OLD-2", "Old two", "", "20.00", "kitchen", List.of(), false, 5), at(2));
    Fixtures.drainEvents(repository);
  }
  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }


  static WriteOp.Create newOne(String sku) {
    return new WriteOp.Create(product(sku, "New " + sku, "", "1.00", "kitchen", List.of(), false, 1));
  }

  static ProductPatch price(String amount) {
    return new ProductPatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(new BigDecimal(amount)),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  static ProductPatch sku(String sku) {
    return new ProductPatch(Optional.of(sku), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  List<WriteOp> mixed() {
    return List.of(
        newOne("NEW-1"),                                                                  // 0: 201
        newOne("old-1"),                                                                  // 1: 409 sku
        new WriteOp.Update(existing.id(), price("11.00"), Optional.of(1L)),                // 2: 200
        new WriteOp.Update(other.id(), price("21.00"), Optional.of(9L)),                   // 3: 412
        new WriteOp.Delete(UUID.randomUUID(), Optional.empty()),                           // 4: 404
        new WriteOp.Create(product("NEW-2", "In nowhere", "", "1.00", "nowhere", List.of(), false, 1)), // 5: 400
        newOne("new-1"),                                                                  // 6: 409 (item 0 took it)
        new WriteOp.Delete(other.id(), Optional.of(1L)));                                  // 7: 204
  }

  private static List<Object> statuses(WriteOutcome outcome) {
    List<Object> statuses = new ArrayList<>();
    for (PlannedWrite item : outcome.items()) {
      statuses.add(item.error().map(ServiceError::code).map(Object.class::cast).orElse(item.successStatus()));
    }
    return statuses;
  }

  @Test
  void eachItemIsAnsweredAndTheGoodOnesAreApplied() {
    WriteOutcome outcome = await(repository.write(WriteRequest.bulk(mixed(), false, FieldNames.bulk()), at(10),
        Fixtures.admin()));
    assertThat(outcome.applied()).isTrue();
    assertThat(statuses(outcome)).containsExactly(201, ErrorCode.CONFLICT, 200, ErrorCode.PRECONDITION_FAILED,
        ErrorCode.NOT_FOUND, ErrorCode.VALIDATION, ErrorCode.CONFLICT, 204);
    assertThat(outcome.items().get(1).error().orElseThrow().field()).isEqualTo("items[1].sku");
    assertThat(outcome.items().get(3).error().orElseThrow().field()).isEqualTo("items[3].version");
    assertThat(outcome.items().get(5).error().orElseThrow().field()).isEqualTo("items[5].category");

    assertThat(await(repository.findById(existing.id())).orElseThrow().price()).isEqualTo(new BigDecimal("11.00"));
    assertThat(await(repository.findById(other.id()))).isEmpty();
    assertThat(await(repository.count())).isEqualTo(2);
    assertThat(Fixtures.drainEvents(repository).stream().map(e -> e.type()))
        .containsExactlyInAnyOrder("product.created", "product.updated", "product.deleted");
  }

  @Test
  void anAtomicRequestWithOneBadItemAppliesNothing() {
    WriteOutcome outcome = await(repository.write(WriteRequest.bulk(mixed(), true, FieldNames.bulk()), at(10),
        Fixtures.admin()));
    assertThat(outcome.applied()).isFalse();
    assertThat(statuses(outcome)).containsExactly(201, ErrorCode.CONFLICT, 200, ErrorCode.PRECONDITION_FAILED,
        ErrorCode.NOT_FOUND, ErrorCode.VALIDATION, ErrorCode.CONFLICT, 204);
    assertThat(await(repository.findById(existing.id()))).contains(existing);
    assertThat(await(repository.findById(other.id()))).contains(other);
    assertThat(await(repository.count())).isEqualTo(2);
    assertThat(Fixtures.drainEvents(repository)).isEmpty();
  }

  @Test
  void anAtomicRequestOfGoodItemsAppliesThemAll() {
    List<WriteOp> good = List.of(newOne("A-1"), new WriteOp.Update(existing.id(), price("12.00"), Optional.of(1L)),
        new WriteOp.Delete(other.id(), Optional.empty()));
    WriteOutcome outcome = await(repository.write(WriteRequest.bulk(good, true, FieldNames.bulk()), at(10),
        Fixtures.admin()));
    assertThat(outcome.applied()).isTrue();
    assertThat(statuses(outcome)).containsExactly(201, 200, 204);
    assertThat(await(repository.count())).isEqualTo(2);
  }

  @Test
  void itemsSeeTheItemsBeforeThem() {
    // Delete frees a sku that a later create takes; a rename frees one that a later rename takes.
    List<WriteOp> chain = List.of(
        new WriteOp.Delete(existing.id(), Optional.empty()),
        newOne("OLD-1"),
        new WriteOp.Update(other.id(), sku("OLD-3"), Optional.of(1L)),
        newOne("old-2"));
    WriteOutcome outcome = await(repository.write(WriteRequest.bulk(chain, true, FieldNames.bulk()), at(10),
        Fixtures.admin()));
    assertThat(statuses(outcome)).containsExactly(204, 201, 200, 201);
    assertThat(outcome.applied()).isTrue();
    assertThat(await(repository.count())).isEqualTo(3);
  }

  @Test
  void aThousandCreatesInOneRequest() {
    List<WriteOp> many = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      many.add(newOne(String.format("MANY-%04d", i)));
    }
    WriteOutcome outcome = await(repository.write(WriteRequest.bulk(many, true, FieldNames.bulk()), at(10),
        Fixtures.admin()));
    assertThat(outcome.applied()).isTrue();
    assertThat(outcome.failures()).isZero();
    assertThat(await(repository.count())).isEqualTo(1_002);
    ProductQuery all = new ProductQuery(Optional.empty(), ProductFilter.none(), new Sort(SortField.NAME,
        Direction.ASC), Paging.page(1, 1));
    assertThat(await(repository.find(all)).total()).hasValue(1_002);
    assertThat(Fixtures.drainEvents(repository)).hasSize(1_000);
  }
}
