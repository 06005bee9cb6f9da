package io.emporium.product;

import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceName;
import io.emporium.product.actions.AdminCheck;
import io.emporium.product.store.InMemoryProductRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A caller correctly signed with the admin role changes the catalogue only while the user service
 * says it is an active admin: a signature outlives a deleted, disabled or demoted account, the
 * store's answer does not. No answer from the user service refuses the action.
 */
@ExtendWith(VertxExtension.class)
class AdminCallersTest {
  @AfterEach
  void closeVertx(Vertx vertx) {
    await(vertx.close());
  }

  private static JsonObject category(String slug) {
    return new JsonObject().put("slug", slug).put("name", "Category " + slug);
  }

  private static void assertCatalogueUnchanged(ProductBus bus) {
    JsonArray roots = await(bus.anonymous(ProductAction.CATEGORIES, new JsonObject())).getJsonArray("items");
    assertThat(roots).as("categories").isEmpty();
  }

  @Test
  void aSignedAdminTheUserServiceDoesNotKnowIsUnauthorizedAndChangesNothing(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    String unknown = UUID.randomUUID().toString();

    assertThat(failure(bus.signedAdmin(unknown, ProductAction.ADMIN_CATEGORY_CREATE, category("kitchen"))).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.signedAdmin("not-a-uuid", ProductAction.ADMIN_CATEGORY_CREATE, category("kitchen"))).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED);
    assertCatalogueUnchanged(bus);
    // The same request from an admin the user service knows goes through.
    assertThat(await(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, category("kitchen"))).getString("slug"))
        .isEqualTo("kitchen");
  }

  @Test
  void aDisabledAdminIsUnauthorizedAndADemotedOneForbidden(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    String disabled = UUID.randomUUID().toString();
    String demoted = UUID.randomUUID().toString();
    bus.users.put(disabled, "disabled", "admin", "user").put(demoted, "active", "user");

    assertThat(failure(bus.signedAdmin(disabled, ProductAction.ADMIN_CATEGORY_CREATE, category("a"))).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure(bus.signedAdmin(demoted, ProductAction.ADMIN_CATEGORY_CREATE, category("b"))).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    for (ProductAction action : List.of(ProductAction.ADMIN_AUDIT, ProductAction.ADMIN_QUEUE_STATS,
        ProductAction.ADMIN_BULK, ProductAction.ADMIN_ADJUST_STOCK)) {
      assertThat(failure(bus.signedAdmin(disabled, action, new JsonObject())).code()).as(action.wireName())
          .isEqualTo(ErrorCode.UNAUTHORIZED);
    }
    assertCatalogueUnchanged(bus);
  }

  @Test
  void withoutAUserServiceToAskAdminActionsAreUnavailable(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    await(bus.users.stop());

    assertThat(failure(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, category("kitchen"))).code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertCatalogueUnchanged(bus);
  }

  @Test
  void aUserServiceThatDoesNotAnswerInTimeRefusesTheAction(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1,
        ProductSettings.defaults().withAdminCheck(new AdminCheck(5_000, 200))));
    await(bus.users.stop());
    // A user service that takes the question and never answers.
    await(vertx.eventBus().consumer(Addresses.shared(ServiceName.USER), message -> { }).completion());

    assertThat(failure(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, category("kitchen"))).code())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertCatalogueUnchanged(bus);
  }

  @Test
  void aQuestionThatFoundNoAnsweringInstanceIsAskedOnceMore(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    await(bus.users.stop());
    // A user service whose first answer is UNAVAILABLE (an instance stopping), then answers.
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.shared(ServiceName.USER), message -> {
      if (asked.incrementAndGet() == 1) {
        message.fail(503, io.emporium.contract.ServiceError.of(ErrorCode.UNAVAILABLE, "stopping").toJson()
            .encode());
      } else {
        message.reply(new JsonObject().put("id", ProductBus.ADMIN).put("roles", new JsonArray().add("admin").add("user"))
            .put("status", "active"));
      }
    }).completion());

    assertThat(await(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, category("kitchen"))).getString("slug"))
        .isEqualTo("kitchen");
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void publicActionsNeverAskTheUserService(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    String id = await(bus.admin(ProductAction.ADMIN_CREATE, ProductBodies.cup("PUB-1").put("category", null)))
        .getString("id");
    int askedForTheWrite = bus.users.asked();

    await(bus.anonymous(ProductAction.GET, new JsonObject().put("id", id)));
    await(bus.user(ProductAction.GET, new JsonObject().put("id", id)));
    await(bus.anonymous(ProductAction.LIST, new JsonObject()));
    await(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "cup")));
    await(bus.anonymous(ProductAction.FEATURED, new JsonObject()));
    await(bus.anonymous(ProductAction.CATEGORIES, new JsonObject()));
    await(bus.service(ProductAction.STOCK_RESERVE, new JsonObject().put("reservationId", UUID.randomUUID().toString())
        .put("items", new JsonArray().add(new JsonObject().put("productId", id).put("quantity", 1)))));

    assertThat(askedForTheWrite).isEqualTo(1);
    assertThat(bus.users.asked()).isEqualTo(askedForTheWrite);
  }

  @Test
  void concurrentActionsOfOneAdminAskOnceAndTheAnswerIsKept(Vertx vertx) {
    ProductBus bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    List<Future<JsonObject>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      writes.add(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, category("c" + i)));
    }
    await(Future.all(writes));
    await(bus.admin(ProductAction.ADMIN_QUEUE_STATS, new JsonObject()));

    assertThat(bus.users.asked()).isEqualTo(1);
  }
}
