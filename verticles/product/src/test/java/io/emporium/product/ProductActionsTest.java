package io.emporium.product;

import static io.emporium.product.ProductBodies.cup;
import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.product.store.Fixtures;
import io.emporium.product.store.InMemoryProductRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every action through the bus, with the inputs a careless or hostile caller sends: each bad one is
 * VALIDATION naming the field (never a 500). Who may call which action: {@link CallerChecksTest}.
 */
@ExtendWith(VertxExtension.class)
class ProductActionsTest {
  private ProductBus bus;

  @BeforeEach
  void start(Vertx vertx) {
    bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1));
    await(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "kitchen").put("name",
        "Kitchen")));
  }

  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }

  static JsonObject with(String field, Object value) {
    return cup("SKU-" + UUID.randomUUID().toString().substring(0, 8)).put(field, value);
  }

  void invalid(Future<JsonObject> call, String field) {
    ServiceError error = failure(call);
    assertThat(error.code()).as(error.toString()).isEqualTo(ErrorCode.VALIDATION);
    assertThat(error.field()).as(error.toString()).isEqualTo(field);
  }

  void invalidCreate(JsonObject body, String field) {
    invalid(bus.admin(ProductAction.ADMIN_CREATE, body), field);
  }

  @Test
  void createAnswersTheProductWithAnExactPriceAndNormalisedTags() {
    JsonObject created = await(bus.admin(ProductAction.ADMIN_CREATE, cup("CUP-1")));
    assertThat(created.getLong("version")).isEqualTo(1);
    assertThat(created.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", "12.90").put("currency", "EUR"));
    assertThat(created.getJsonArray("tags")).isEqualTo(new JsonArray().add("cup").add("porcelain"));
    assertThat(created.getString("status")).isEqualTo("active");
    JsonObject flat = await(bus.admin(ProductAction.ADMIN_CREATE, cup("CUP-2").put("price", 12).put("currency",
        "USD")));
    assertThat(flat.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", "12.00").put("currency", "USD"));
    JsonObject one = await(bus.admin(ProductAction.ADMIN_CREATE, cup("CUP-3").put("price", new JsonObject()
        .put("amount", "0.1").put("currency", "EUR"))));
    assertThat(one.getJsonObject("price").getString("amount")).isEqualTo("0.10");
    assertThat(await(bus.anonymous(ProductAction.GET, new JsonObject().put("id", created.getString("id")))))
        .isEqualTo(created);
  }

  @Test
  void badProductFieldsAreRefusedNamingTheField() {
    invalidCreate(cup("A").put("name", ""), "name");
    invalidCreate(cup("A").put("name", "   "), "name");
    invalidCreate(cup("A").put("name", "n".repeat(201)), "name");
    invalidCreate(cup("A").put("name", 42), "name");
    invalidCreate(cup("A").put("name", "bell\u0007"), "name");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "-1.00").put("currency", "EUR")), "price");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "1.999").put("currency", "EUR")), "price");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", 12.5).put("currency", "EUR")), "price");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "1e3").put("currency", "EUR")), "price");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "NaN").put("currency", "EUR")), "price");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "99999999999.00").put("currency", "EUR")),
        "price");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "1.00")), "price.currency");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "1.00").put("currency", "eur")),
        "price.currency");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "1.00").put("currency", "XYZ")),
        "price.currency");
    invalidCreate(cup("A").put("price", new JsonObject().put("amount", "1.00").put("currency", "EUR")
        .put("vat", "20")), "price.vat");
    invalidCreate(cup("A").put("price", true), "price");
    invalidCreate(cup("A").put("price", "5.00"), "currency");
    invalidCreate(cup("A").put("price", (Object) null), "price");
    JsonObject noPrice = cup("A");
    noPrice.remove("price");
    invalidCreate(noPrice, "price");
    invalidCreate(cup("A").put("stock", "12"), "stock");
    invalidCreate(cup("A").put("stock", -1), "stock");
    invalidCreate(cup("A").put("stock", 1.5), "stock");
    invalidCreate(cup("A").put("stock", 3_000_000_000L), "stock");
    invalidCreate(cup(""), "sku");
    invalidCreate(cup("has space"), "sku");
    invalidCreate(cup("A").put("sku", 7), "sku");
    invalidCreate(cup("A").put("tags", "cup"), "tags");
    invalidCreate(cup("A").put("tags", new JsonArray().add(1)), "tags");
    invalidCreate(cup("A").put("tags", new JsonArray().add("")), "tags");
    invalidCreate(cup("A").put("attributes", "white"), "attributes");
    invalidCreate(cup("A").put("attributes", new JsonObject().put("blob", "x".repeat(9_000))), "attributes");
    invalidCreate(cup("A").put("featured", "yes"), "featured");
    invalidCreate(cup("A").put("category", "Kitchen!"), "category");
    invalidCreate(cup("A").put("category", "no-such-category"), "category");
    invalidCreate(cup("A").put("colour", "white"), "colour");
    invalidCreate(cup("A").put("status", "archived"), "status");
    invalidCreate(cup("A").put("id", UUID.randomUUID().toString()), "id");
    invalidCreate(cup("A").put("version", 3), "version");
  }

  @Test
  void updatesNeedTheVersionAndAStaleOneIsPreconditionFailed() {
    JsonObject created = await(bus.admin(ProductAction.ADMIN_CREATE, cup("UPD-1")));
    String id = created.getString("id");
    invalid(bus.admin(ProductAction.ADMIN_UPDATE, new JsonObject().put("id", id).put("name", "New")), "version");
    invalid(bus.admin(ProductAction.ADMIN_UPDATE, new JsonObject().put("id", id).put("version", "1")), "version");
    invalid(bus.admin(ProductAction.ADMIN_UPDATE, new JsonObject().put("id", "42").put("version", 1)), "id");
    invalid(bus.admin(ProductAction.ADMIN_UPDATE, new JsonObject().put("id", id).put("version", 1)
        .put("status", "gone")), "status");
    JsonObject updated = await(bus.admin(ProductAction.ADMIN_UPDATE, new JsonObject().put("id", id).put("version", 1)
        .put("name", "New name").put("price", new JsonObject().put("amount", "13.00").put("currency", "EUR"))
        .put("category", (Object) null)));
    assertThat(updated.getLong("version")).isEqualTo(2);
    assertThat(updated.getValue("category")).isNull();
    assertThat(updated.getString("description")).isEqualTo("Porcelain, 90 ml");
    ServiceError stale = failure(bus.admin(ProductAction.ADMIN_UPDATE, new JsonObject().put("id", id)
        .put("version", 1).put("name", "Lost update")));
    assertThat(stale.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(stale.field()).isEqualTo("version");
    assertThat(failure(bus.admin(ProductAction.ADMIN_DELETE, new JsonObject().put("id", id).put("version", 1)))
        .code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
    assertThat(await(bus.admin(ProductAction.ADMIN_DELETE, new JsonObject().put("id", id)))).isEmpty();
    assertThat(failure(bus.anonymous(ProductAction.GET, new JsonObject().put("id", id))).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void theFeaturedFlagIsSetAndClearedWithoutANewVersionWhenUnchanged() {
    String id = await(bus.admin(ProductAction.ADMIN_CREATE, cup("FEA-1"))).getString("id");
    JsonObject on = await(bus.admin(ProductAction.ADMIN_SET_FEATURED, new JsonObject().put("id", id)
        .put("featured", true)));
    assertThat(on.getBoolean("featured")).isTrue();
    assertThat(await(bus.admin(ProductAction.ADMIN_SET_FEATURED, new JsonObject().put("id", id)
        .put("featured", true))).getLong("version")).isEqualTo(on.getLong("version"));
    JsonObject featured = await(bus.anonymous(ProductAction.FEATURED, new JsonObject()));
    assertThat(featured.getJsonArray("items")).hasSize(1);
    await(bus.admin(ProductAction.ADMIN_SET_FEATURED, new JsonObject().put("id", id).put("featured", false)));
    assertThat(await(bus.anonymous(ProductAction.FEATURED, new JsonObject())).getJsonArray("items")).isEmpty();
    invalid(bus.admin(ProductAction.ADMIN_SET_FEATURED, new JsonObject().put("id", id).put("featured", "true")),
        "featured");
    invalid(bus.anonymous(ProductAction.FEATURED, new JsonObject().put("featured", "false")), "featured");
  }

  @Test
  void listingParametersAreCheckedOneByOne() {
    await(bus.admin(ProductAction.ADMIN_CREATE, cup("LIST-1")));
    JsonObject page = await(bus.anonymous(ProductAction.LIST, new JsonObject().put("page", "1").put("size", "100")
        .put("sort", "price").put("order", "desc").put("category", "kitchen").put("minPrice", "0")
        .put("maxPrice", "100.5").put("tag", "CUP").put("featured", "false").put("inStock", "true")
        .put("currency", "EUR")));
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getString("currency")).isEqualTo("EUR");
    assertThat(page.getInteger("total")).isEqualTo(1);
    assertThat(page.getValue("nextCursor")).isNull();
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", "101")), "size");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", 1_000_000)), "size");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", "0")), "size");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("page", "0")), "page");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("page", "-3")), "page");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("page", "two")), "page");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("page", "99999999999999999999999")), "page");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("page", 1.5)), "page");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("sort", "popularity")), "sort");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("sort", "relevance")), "sort");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("order", "up")), "order");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("minPrice", "-1")), "minPrice");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("minPrice", "cheap")), "minPrice");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("maxPrice", "1.234")), "maxPrice");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("minPrice", "10").put("maxPrice", "5")),
        "maxPrice");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("sort", "price")), "currency");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("maxPrice", "5")), "currency");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "cup").put("minPrice", "5")), "currency");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("currency", "eur")), "currency");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("featured", "maybe")), "featured");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("inStock", "1")), "inStock");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("tag", "")), "tag");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("category", "no-such")), "category");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("category", "DROP TABLE")), "category");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("colour", "red")), "colour");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("cursor", "bm90IGEgY3Vyc29y")), "cursor");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("cursor", "!!!")), "cursor");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("cursor", 5)), "cursor");
  }

  @Test
  void cursorsComeBackOnlyWithTheirOwnQuery() {
    for (int i = 0; i < 5; i++) {
      await(bus.admin(ProductAction.ADMIN_CREATE, cup("CUR-" + i)));
    }
    JsonObject first = await(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", "2").put("sort", "name")));
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotBlank();
    JsonObject next = await(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", "2").put("sort", "name")
        .put("cursor", cursor)));
    assertThat(next.getJsonArray("items")).hasSize(2);
    assertThat(next.containsKey("total")).isFalse();
    assertThat(next.containsKey("page")).isFalse();
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", "2").put("sort", "price")
        .put("currency", "EUR").put("cursor", cursor)), "cursor");
    invalid(bus.anonymous(ProductAction.LIST, new JsonObject().put("size", "2").put("sort", "name")
        .put("cursor", cursor).put("page", "2")), "page");
  }

  @Test
  void searchQueriesAreCheckedAndHostileOnesAreJustWords() {
    await(bus.admin(ProductAction.ADMIN_CREATE, cup("SRC-1")));
    JsonObject found = await(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "espreso")));
    assertThat(found.getJsonArray("items")).hasSize(1);
    assertThat(await(bus.anonymous(ProductAction.SEARCH, new JsonObject()
        .put("query", "<script>alert(1)</script>"))).getJsonArray("items")).isEmpty();
    assertThat(await(bus.anonymous(ProductAction.SEARCH, new JsonObject()
        .put("query", "1; DROP TABLE product.products"))).getInteger("total")).isZero();
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject()), "query");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "")), "query");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "%%% ---")), "query");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "x".repeat(201))), "query");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "a b c d e f g h i")), "query");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", 42)), "query");
    invalid(bus.anonymous(ProductAction.SEARCH, new JsonObject().put("query", "cup").put("sort", "rank")), "sort");
  }

  @Test
  void bulkAnswersEveryItemIncludingTheMalformedOnes() {
    String existing = await(bus.admin(ProductAction.ADMIN_CREATE, cup("BLK-0"))).getString("id");
    JsonArray items = new JsonArray()
        .add(cup("BLK-1").put("op", "create"))
        .add(cup("BLK-2").put("op", "create").put("price", "free"))
        .add(new JsonObject().put("op", "update").put("id", existing).put("version", 1).put("stock", 3))
        .add(new JsonObject().put("op", "update").put("id", existing).put("version", 2))
        .add("not an object")
        .add(new JsonObject().put("op", "upsert"))
        .add(new JsonObject().put("op", "delete").put("id", UUID.randomUUID().toString()));
    JsonObject partial = await(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("items", items)));
    assertThat(partial.getBoolean("applied")).isTrue();
    assertThat(partial.getInteger("succeeded")).isEqualTo(2);
    assertThat(partial.getInteger("failed")).isEqualTo(5);
    JsonArray results = partial.getJsonArray("results");
    assertThat(results.stream().map(r -> ((JsonObject) r).getInteger("status"))).containsExactly(201, 400, 200, 400,
        400, 400, 404);
    assertThat(results.getJsonObject(1).getJsonObject("error").getString("field")).isEqualTo("items[1].price");
    assertThat(results.getJsonObject(3).getJsonObject("error").getString("field")).isEqualTo("items[3].id");
    assertThat(results.getJsonObject(4).getJsonObject("error").getString("field")).isEqualTo("items[4]");
    assertThat(results.getJsonObject(5).getJsonObject("error").getString("field")).isEqualTo("items[5].op");
    assertThat(results.getJsonObject(2).getLong("version")).isEqualTo(2);

    JsonObject atomic = await(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("atomic", true)
        .put("items", new JsonArray().add(cup("BLK-3").put("op", "create")).add(cup("BLK-4").put("op", "create")
            .put("stock", -1)))));
    assertThat(atomic.getBoolean("applied")).isFalse();
    assertThat(atomic.getJsonArray("results").stream().map(r -> ((JsonObject) r).getInteger("status")))
        .containsExactly(424, 400);
    assertThat(atomic.getJsonArray("results").getJsonObject(0).getJsonObject("error").getString("code"))
        .isEqualTo("NOT_APPLIED");
    assertThat(await(bus.repository.count())).isEqualTo(2);

    invalid(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("items", new JsonArray())), "items");
    invalid(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("items", "all")), "items");
    invalid(bus.admin(ProductAction.ADMIN_BULK, new JsonObject()), "items");
    invalid(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("items", new JsonArray()
        .add(new JsonObject())).put("atomic", "yes")), "atomic");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1_001; i++) {
      tooMany.add(new JsonObject().put("op", "delete").put("id", UUID.randomUUID().toString()));
    }
    invalid(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("items", tooMany)), "items");
  }

  @Test
  void stockAndReservationInputsAreChecked() {
    String id = await(bus.admin(ProductAction.ADMIN_CREATE, cup("STK-1"))).getString("id");
    invalid(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", id).put("delta", 0)), "delta");
    invalid(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", id).put("delta", "5")), "delta");
    invalid(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", id).put("delta", 1.5)), "delta");
    invalid(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", id)), "delta");
    ServiceError below = failure(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", id)
        .put("delta", -26)));
    assertThat(below.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(await(bus.admin(ProductAction.ADMIN_ADJUST_STOCK, new JsonObject().put("id", id).put("delta", -25)))
        .getInteger("stock")).isZero();

    JsonObject item = new JsonObject().put("productId", id).put("quantity", 1);
    String reservation = UUID.randomUUID().toString();
    invalid(bus.service(ProductAction.STOCK_RESERVE, new JsonObject().put("items", new JsonArray().add(item))),
        "reservationId");
    invalid(bus.service(ProductAction.STOCK_RESERVE, new JsonObject().put("reservationId", reservation)
        .put("items", new JsonArray())), "items");
    invalid(bus.service(ProductAction.STOCK_RESERVE, new JsonObject().put("reservationId", reservation)
        .put("items", new JsonArray().add(item.copy().put("quantity", 0)))), "items[0].quantity");
    invalid(bus.service(ProductAction.STOCK_RESERVE, new JsonObject().put("reservationId", reservation)
        .put("items", new JsonArray().add(item).add(item))), "items[1].productId");
    invalid(bus.service(ProductAction.STOCK_RESERVE, new JsonObject().put("reservationId", reservation)
        .put("items", new JsonArray().add(item)).put("ttlSeconds", 0)), "ttlSeconds");
    ServiceError empty = failure(bus.service(ProductAction.STOCK_RESERVE, new JsonObject()
        .put("reservationId", reservation).put("items", new JsonArray().add(item))));
    assertThat(empty.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(empty.field()).isEqualTo("items[0].quantity");
    invalid(bus.service(ProductAction.STOCK_CONFIRM, new JsonObject().put("reservationId", "x")), "reservationId");
    invalid(bus.service(ProductAction.STOCK_RELEASE, new JsonObject()), "reservationId");
    invalid(bus.service(ProductAction.STOCK_RETURN, new JsonObject().put("reservationId", "x")), "reservationId");
  }

  @Test
  void categoriesAuditAndQueueStatsAnswer() {
    await(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "cups").put("name", "Cups")
        .put("parent", "kitchen")));
    await(bus.admin(ProductAction.ADMIN_CREATE, cup("CAT-1").put("category", "cups")));
    JsonArray tree = await(bus.anonymous(ProductAction.CATEGORIES, new JsonObject())).getJsonArray("items");
    assertThat(tree.getJsonObject(0).getLong("totalCount")).isEqualTo(1);
    assertThat(tree.getJsonObject(0).getJsonArray("children").getJsonObject(0).getString("slug")).isEqualTo("cups");
    invalid(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "Bad Slug").put("name", "x")),
        "slug");
    invalid(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "ok").put("name", "")),
        "name");
    invalid(bus.admin(ProductAction.ADMIN_CATEGORY_CREATE, new JsonObject().put("slug", "ok").put("name", "Ok")
        .put("parent", "nowhere")), "parent");
    assertThat(failure(bus.admin(ProductAction.ADMIN_CATEGORY_DELETE, new JsonObject().put("slug", "cups"))).code())
        .isEqualTo(ErrorCode.CONFLICT);

    JsonObject audit = await(bus.admin(ProductAction.ADMIN_AUDIT, new JsonObject().put("page", "1").put("size", 2)
        .put("entity", "category")));
    assertThat(audit.getLong("total")).isEqualTo(2);
    assertThat(audit.getJsonArray("items").getJsonObject(0).getString("actorId")).isEqualTo(ProductBus.ADMIN);
    assertThat(audit.getJsonArray("items").getJsonObject(0).getString("requestId")).isEqualTo("bus-test");
    invalid(bus.admin(ProductAction.ADMIN_AUDIT, new JsonObject().put("action", "NOPE")), "action");
    invalid(bus.admin(ProductAction.ADMIN_AUDIT, new JsonObject().put("page", "x")), "page");
    invalid(bus.admin(ProductAction.ADMIN_AUDIT, new JsonObject().put("entity", "user")), "entity");
    invalid(bus.admin(ProductAction.ADMIN_AUDIT, new JsonObject().put("from", "yesterday")), "from");
    invalid(bus.admin(ProductAction.ADMIN_AUDIT, new JsonObject().put("actor", "me")), "actor");
    JsonObject stats = await(bus.admin(ProductAction.ADMIN_QUEUE_STATS, new JsonObject()));
    assertThat(stats.getLong("pending")).isPositive();
  }

  @Test
  void aBodyThatIsNotAnObjectOrAnUnknownActionIsValidation(Vertx vertx) {
    invalid(bus.anonymous(ProductAction.GET, "just text"), "body");
    invalid(bus.anonymous(ProductAction.GET, new JsonObject().put("id", 5)), "id");
    invalid(bus.anonymous(ProductAction.GET, new JsonObject().put("id", UUID.randomUUID().toString())
        .put("extra", 1)), "extra");
  }
}
