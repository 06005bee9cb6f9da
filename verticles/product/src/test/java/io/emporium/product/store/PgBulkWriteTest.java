package io.emporium.product.store;

import static io.emporium.product.store.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.domain.PlannedWrite;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WritePlanner.FieldNames;
import io.emporium.product.domain.WriteRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PgBulkWriteTest extends BulkWriteContract {
  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }

  /**
   * Another transaction takes a sku after the bulk planned it as free: the bulk's insert finds it taken
   * when that transaction commits. Atomic: everything the bulk already wrote (an update) is rolled
   * back. Not atomic: that one item is a conflict and the rest stays.
   */
  @Test
  void aSkuTakenWhileTheBulkRunsRollsBackAnAtomicBulkAndFailsOnlyItsItemOtherwise(Vertx vertx) throws Exception {
    Product target = await(repository.create(Fixtures.product("RACE-T", "Target", "", "1.00", "kitchen", List.of(),
        false, 1)));
    assertThat(race(vertx, target, true, "RACE-A")).satisfies(outcome -> {
      assertThat(outcome.applied()).isFalse();
      assertThat(outcome.items().get(1).error().orElseThrow().code()).isEqualTo(ErrorCode.CONFLICT);
      assertThat(outcome.items().get(1).error().orElseThrow().field()).isEqualTo("items[1].sku");
    });
    assertThat(await(repository.findById(target.id())).orElseThrow().version()).as("the update was rolled back")
        .isEqualTo(1);
    WriteOutcome partial = race(vertx, target, false, "RACE-B");
    assertThat(partial.applied()).isTrue();
    assertThat(partial.items().stream().map(PlannedWrite::ok)).containsExactly(true, false);
    assertThat(await(repository.findById(target.id())).orElseThrow().version()).isEqualTo(2);
  }

  /**
   * Two bulks that add the same new search words in opposite orders: each holds the words it added
   * first and waits for the other's, a deadlock that PostgreSQL breaks by aborting one. The aborted
   * one changed nothing and runs again, so both are applied.
   */
  @Test
  void twoConcurrentBulksAddingTheSameWordsInOppositeOrdersAreBothApplied() throws Exception {
    List<String> words = IntStream.range(0, 300).mapToObj(i -> String.format("qw%03d", i)).toList();
    List<WriteOp> ascending = new ArrayList<>();
    List<WriteOp> descending = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      ascending.add(new WriteOp.Create(Fixtures.product("ASC-" + i, words.get(i), "", "1.00", "kitchen", List.of(),
          false, 1)));
      descending.add(new WriteOp.Create(Fixtures.product("DESC-" + i, words.get(words.size() - 1 - i), "", "1.00",
          "kitchen", List.of(), false, 1)));
    }
    Future<WriteOutcome> first = repository.write(WriteRequest.bulk(ascending, true, FieldNames.bulk()), Instant.now(),
        Fixtures.admin());
    Future<WriteOutcome> second = repository.write(WriteRequest.bulk(descending, true, FieldNames.bulk()),
        Instant.now(), Fixtures.admin());

    assertThat(await(first).applied()).isTrue();
    assertThat(await(second).applied()).isTrue();
    assertThat(await(repository.findById(await(first).items().get(0).after().orElseThrow().id()))).isPresent();
  }

  private WriteOutcome race(Vertx vertx, Product target, boolean atomic, String sku) throws Exception {
    Pool other = TestDatabase.pool(vertx, "racer");
    SqlConnection connection = await(other.getConnection());
    Transaction racer = await(connection.begin());
    await(connection.preparedQuery("INSERT INTO product.products (id, sku, name, price, currency)"
        + " VALUES ($1, $2, 'Racer', 1.00, 'EUR')").execute(Tuple.of(UUID.randomUUID(), sku)));
    List<WriteOp> ops = List.of(
        new WriteOp.Update(target.id(), BulkWriteContract.price("2.00"), Optional.empty()),
        new WriteOp.Create(Fixtures.product(sku, "Loser", "", "1.00", "kitchen", List.of(), false, 1)));
    Future<WriteOutcome> bulk = repository.write(WriteRequest.bulk(ops, atomic, FieldNames.bulk()), Instant.now(),
        Fixtures.admin());
    Thread.sleep(300);
    assertThat(bulk.isComplete()).as("the bulk waits for the racer's uncommitted sku").isFalse();
    await(racer.commit());
    WriteOutcome outcome = await(bulk);
    await(connection.close());
    await(other.close());
    return outcome;
  }
}
