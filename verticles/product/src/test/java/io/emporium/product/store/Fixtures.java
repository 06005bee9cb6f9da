package io.emporium.product.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.platform.outbox.ClaimedEvent;
import io.emporium.platform.outbox.OutboxEvent;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.Product;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Blocking helpers for tests that read as a script (the test thread is not a Vert.x thread). */
public final class Fixtures {
  public static final UUID ADMIN = UUID.fromString("00000000-0000-4000-8000-00000000ad01");
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private Fixtures() {}

  public static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (ServiceException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("future failed or timed out: " + e, e);
    }
  }

  /** The contract error a future failed with; fails the test when it succeeded. */
  public static ServiceError failure(Future<?> future) {
    try {
      Object value = future.await(30, TimeUnit.SECONDS);
      fail("expected a failure, got " + value);
      return null;
    } catch (ServiceException e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError("unexpected failure: " + e, e);
    }
  }

  static void assertError(Future<?> future, ErrorCode code, String field) {
    ServiceError error = failure(future);
    assertThat(error.code()).as(error.toString()).isEqualTo(code);
    assertThat(error.field()).as(error.toString()).isEqualTo(field);
  }

  /** Changes made by an admin caller, with a low-stock threshold of 5. */
  static Recorder admin() {
    return Recorder.of(new ServiceRequest(new JsonObject(), "req-test", Optional.of(ADMIN.toString()),
        Set.of("admin")), 5);
  }

  public static NewProduct product(String sku, String name, String description, String price, String category,
      List<String> tags, boolean featured, int stock) {
    return new NewProduct(sku, name, description, new BigDecimal(price), "EUR", category, tags, new JsonObject(),
        featured, stock);
  }

  static Product create(ProductRepository repository, NewProduct product, Instant at) {
    return await(repository.create(product, at, admin()));
  }

  static void category(ProductRepository repository, String slug, String parent) {
    await(repository.createCategory(new Category(slug, slug, Optional.ofNullable(parent)), admin()));
  }

  /** Every event waiting in the store's outbox (claimed, so each is seen once). */
  static List<OutboxEvent> drainEvents(ProductRepository repository) {
    return await(repository.outbox().claim("test-" + UUID.randomUUID(), 10_000, 60_000)).stream()
        .map(ClaimedEvent::event).toList();
  }

  static Instant at(int seconds) {
    return T0.plus(seconds, ChronoUnit.SECONDS);
  }
}
