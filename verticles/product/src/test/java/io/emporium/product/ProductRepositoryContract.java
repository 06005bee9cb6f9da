package io.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceException;
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

  static NewProduct product(String sku, String price) {
    return new NewProduct(sku, "Espresso cup " + sku, "Porcelain, 90 ml", new BigDecimal(price), "EUR", "kitchen",
        List.of("porcelain", "coffee"),
        new JsonObject().put("colour", "white").put("volumeMl", 90)
            .put("dishwasher", new JsonObject().put("safe", true)).put("sizes", new JsonArray().add("S").add("M")),
        true, 12);
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
}
