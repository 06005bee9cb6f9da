package io.emporium.launcher.product;

import static io.emporium.launcher.product.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.launcher.EmporiumSystem;
import io.emporium.launcher.RunningSystem;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A price given as a JSON number is read from its exact decimal text, over real HTTP through the whole
 * system: taken when it has at most two decimals, refused with the reason otherwise (as the same price
 * given as a string), and never read through a double on the way (49.900000000000001 is a double's
 * 49.9 but not a price).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PriceAsNumberTest {
  private static final String SECRET = "product-routes-test-secret-0123456789abcdef";
  private String admin;
  private RunningSystem system;
  private Http http;

  @BeforeAll
  void start() throws Exception {
    Map<ConfigKey, String> config = new java.util.HashMap<>(io.emporium.launcher.TestAdmin.config());
    config.put(ConfigKey.HTTP_PORT, "0");
    config.put(ConfigKey.JWT_SECRET, SECRET);
    system = EmporiumSystem.start(TestConfigs.with(config)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    http = Http.on(system.httpPort().orElseThrow());
    admin = io.emporium.launcher.TestAdmin.token(system);
  }

  @AfterAll
  void stop() throws Exception {
    system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static String sku() {
    return "NUM-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"price\": 49.9, \"currency\": \"EUR\"                 | 49.90",
      "\"price\": {\"amount\": 49.9, \"currency\": \"EUR\"}   | 49.90",
      "\"price\": {\"amount\": 0.1, \"currency\": \"EUR\"}    | 0.10",
      "\"price\": 12.30000, \"currency\": \"EUR\"             | 12.30",
      "\"price\": 1.5e1, \"currency\": \"EUR\"                | 15.00",
      "\"price\": 9999999999.99, \"currency\": \"EUR\"        | 9999999999.99",
      "\"price\": 7, \"currency\": \"EUR\"                    | 7.00",
      "\"price\": {\"amount\": \"49.90\", \"currency\": \"EUR\"} | 49.90"})
  void aPriceAsAJsonNumberIsTakenExactly(String price, String amount) {
    Reply created = http.send("POST", "/api/admin/products", "{\"sku\": \"" + sku() + "\", \"name\": \"Mug\", "
        + price + "}", admin);

    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonObject stored = http.get("/api/products/" + created.json().getString("id"), null).json();
    assertThat(stored.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", amount).put("currency", "EUR"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"price\": 49.999, \"currency\": \"EUR\"",
      "\"price\": {\"amount\": 49.900000000000001, \"currency\": \"EUR\"}",
      "\"price\": {\"amount\": 0.30000000000000004, \"currency\": \"EUR\"}",
      "\"price\": -1.5, \"currency\": \"EUR\"",
      "\"price\": 10000000000, \"currency\": \"EUR\"",
      "\"price\": 1e999999999, \"currency\": \"EUR\"",
      "\"price\": 1e-999999999, \"currency\": \"EUR\""})
  void aJsonNumberThatCannotBeAPriceIsRefusedWithTheReason(String price) {
    Reply refused = http.send("POST", "/api/admin/products", "{\"sku\": \"" + sku() + "\", \"name\": \"Mug\", "
        + price + "}", admin);

    assertProblem(refused, 400, "VALIDATION", "price");
    assertThat(refused.json().getString("detail"))
        .startsWith("price must be a decimal from 0 to 9999999999.99 with at most 2 decimals");
  }

  @Test
  void bulkItemsAndUpdatesTakeNumbersToo() {
    String created = http.send("POST", "/api/admin/products/bulk", "{\"items\": [{\"op\": \"create\", \"sku\": \""
        + sku() + "\", \"name\": \"Cup\", \"price\": {\"amount\": 3.1, \"currency\": \"EUR\"}}]}", admin).json()
        .getJsonArray("results").getJsonObject(0).getString("id");
    assertThat(http.get("/api/products/" + created, null).json().getJsonObject("price").getString("amount"))
        .isEqualTo("3.10");

    // A bulk item is judged by the product service, item by item, as a string price would be.
    Reply refused = http.send("POST", "/api/admin/products/bulk", "{\"items\": [{\"op\": \"create\", \"sku\": \""
        + sku() + "\", \"name\": \"Cup\", \"price\": 3.141, \"currency\": \"EUR\"}]}", admin);
    assertThat(refused.status()).as("%s", refused).isEqualTo(200);
    JsonObject error = refused.json().getJsonArray("results").getJsonObject(0).getJsonObject("error");
    assertThat(error.getString("field")).as("%s", refused).isEqualTo("items[0].price");
    assertThat(error.getString("message")).contains("at most 2 decimals");

    Reply updated = http.send("PUT", "/api/admin/products/" + created, "{\"version\": 1, \"price\": 4.2,"
        + " \"currency\": \"EUR\"}", admin);
    assertThat(updated.status()).as("%s", updated).isEqualTo(200);
    assertThat(updated.json().getJsonObject("price").getString("amount")).isEqualTo("4.20");
  }
}
