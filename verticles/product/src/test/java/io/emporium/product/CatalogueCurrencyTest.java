package io.emporium.product;

import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.product.store.InMemoryProductRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A catalogue with one configured currency (catalogue.currency): prices are compared in it, others refused. */
@ExtendWith(VertxExtension.class)
class CatalogueCurrencyTest {
  private ProductBus bus;

  @BeforeEach
  void aCatalogueInEuros(Vertx vertx) {
    bus = await(ProductBus.start(vertx, new InMemoryProductRepository(), 1,
        ProductSettings.defaults().withCurrency("EUR")));
  }

  @AfterEach
  void closeVertx(Vertx vertx) {
    await(vertx.close());
  }

  private static JsonObject mug(String sku, String amount, String currency) {
    return new JsonObject().put("sku", sku).put("name", "Mug")
        .put("price", new JsonObject().put("amount", amount).put("currency", currency));
  }

  @Test
  void aPriceSortNeedsNoCurrencyAndTheListingNamesTheCatalogues() {
    await(bus.admin(ProductAction.ADMIN_CREATE, mug("MUG-2", "9.50", "EUR")));
    await(bus.admin(ProductAction.ADMIN_CREATE, mug("MUG-1", "4.00", "EUR")));

    JsonObject page = await(bus.anonymous(ProductAction.LIST, new JsonObject().put("sort", "price")
        .put("maxPrice", "9")));

    assertThat(page.getString("currency")).isEqualTo("EUR");
    assertThat(page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("sku")))
        .containsExactly("MUG-1");
  }

  @Test
  void aProductInAnotherCurrencyIsRefused() {
    ServiceError nested = failure(bus.admin(ProductAction.ADMIN_CREATE, mug("MUG-3", "4.00", "GBP")));
    assertThat(nested.code()).isEqualTo(ErrorCode.VALIDATION);
    assertThat(nested.field()).isEqualTo("price.currency");
    assertThat(nested.message()).contains("this catalogue prices in EUR only");

    ServiceError flat = failure(bus.admin(ProductAction.ADMIN_CREATE, new JsonObject().put("sku", "MUG-4")
        .put("name", "Mug").put("price", "4.00").put("currency", "USD")));
    assertThat(flat.field()).isEqualTo("currency");

    JsonObject bulk = await(bus.admin(ProductAction.ADMIN_BULK, new JsonObject().put("items", new JsonArray()
        .add(mug("MUG-5", "4.00", "GBP").put("op", "create")))));
    assertThat(bulk.getJsonArray("results").getJsonObject(0).getJsonObject("error").getString("field"))
        .isEqualTo("items[0].price.currency");
  }
}
