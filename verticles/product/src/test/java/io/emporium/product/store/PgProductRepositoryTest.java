package io.emporium.product.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.TestDatabase;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.Trigrams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The product contract against PostgreSQL ({@code EMPORIUM_TEST_PG_URL}). Fails, never skips, when
 * the database is unreachable.
 */
class PgProductRepositoryTest extends ProductRepositoryContract {

  @Override
  protected Future<ProductRepository> emptyRepository(Vertx vertx) {
    return Stores.postgres(vertx);
  }

  @Test
  void reportsItsKindAsPostgres() {
    assertThat(repository.kind()).isEqualTo("postgres");
  }

  /** The in-memory store's trigram similarity is pg_trgm's, to the last bit of the float. */
  @Test
  void trigramSimilarityIsTheSameAsPgTrgm(Vertx vertx) {
    List<List<String>> pairs = List.of(List.of("espresso", "expresso"), List.of("porcelain", "porcelian"),
        List.of("cup", "cups"), List.of("grinder", "grinderr"), List.of("a", "ab"), List.of("abc", "xyz"),
        List.of("kettle", "kettel"), List.of("teapot", "teapots"), List.of("x1", "x12"), List.of("aaaa", "aaa"),
        List.of("wheelbarrow", "wheelbarow"), List.of("123", "1234"));
    Pool pool = TestDatabase.pool(vertx, "trigram-test");
    String schema = Fixtures.await(pool.query("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
        + " ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").execute()).iterator().next().getString(0);
    for (List<String> pair : pairs) {
      Row row = Fixtures.await(pool.preparedQuery("SELECT " + schema + ".similarity($1, $2) AS s")
          .execute(Tuple.of(pair.get(0), pair.get(1)))).iterator().next();
      assertThat(Trigrams.similarity(pair.get(0), pair.get(1))).as(pair.toString()).isEqualTo(row.getFloat("s"));
    }
  }

  /**
   * Concurrent creates that bring the same new search words, each in another order, all succeed: the
   * word-list trigger inserts words in one order, so two writers never wait on each other's word.
   */
  @Test
  void concurrentCreatesWithOverlappingNewWordsNeverDeadlock() {
    Random random = new Random();
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      words.add("w" + Long.toString(Math.abs(random.nextLong()), 36));
    }
    List<Future<Product>> creates = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      List<String> shuffled = new ArrayList<>(words);
      Collections.shuffle(shuffled, random);
      NewProduct base = product("WORDS-" + i + "-" + Math.abs(random.nextInt()), "1.00");
      creates.add(repository.create(new NewProduct(base.sku(), String.join(" ", shuffled.subList(0, 8)),
          String.join(" ", shuffled.subList(4, 12)), base.price(), base.currency(), base.category(),
          List.copyOf(shuffled.subList(0, 3)), base.attributes(), base.featured(), base.stock())));
    }
    List<Product> created = Fixtures.await(Future.all(creates)).list();
    assertThat(created).hasSize(24).doesNotContainNull();
  }
}
