package io.emporium.gateway.policy.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests checked against the OpenAPI document over real HTTP: each one that does not match gets 400
 * problem+json naming the first field in {@code field} and every field at fault in {@code errors}, and
 * reaches no service (the mesh's call count does not move) nor the GET cache (no {@code X-Cache}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractValidationTest {
  private GatewayFixture gateway;
  private String admin;

  @BeforeAll
  void start() {
    gateway = GatewayFixture.start(Map.of());
    admin = gateway.admin();
  }

  @AfterAll
  void stop() throws Exception {
    gateway.close();
  }

  /** A field at fault as the answer lists it. */
  record Fault(String field, String in) {}

  /** Sends the request and checks the 400, its fields (in this order) and that no service saw it. */
  private JsonObject assertInvalid(Supplier<Reply> request, Fault... faults) {
    long before = gateway.serviceCalls();
    Reply reply = request.get();
    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.header("X-Cache")).as("a refused request never touches the cache").isNull();
    JsonObject problem = reply.json();
    assertThat(problem.getString("code")).isEqualTo("VALIDATION");
    assertThat(problem.getString("field")).as(reply.toString()).isEqualTo(faults[0].field());
    List<Fault> listed = problem.getJsonArray("errors").stream().map(JsonObject.class::cast)
        .map(e -> new Fault(e.getString("field"), e.getString("in"))).toList();
    assertThat(listed).as(reply.toString()).containsExactly(faults);
    problem.getJsonArray("errors").stream().map(JsonObject.class::cast)
        .forEach(e -> assertThat(e.getString("detail")).as(reply.toString()).startsWith(e.getString("field")));
    assertThat(gateway.serviceCalls()).as("calls that reached a service").isEqualTo(before);
    return problem;
  }

  private static Fault query(String field) {
    return new Fault(field, "query");
  }

  private static Fault path(String field) {
    return new Fault(field, "path");
  }

  private static Fault body(String field) {
    return new Fault(field, "body");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String category() {
    String slug = unique("contract");
    Reply created = gateway.send("POST", "/api/admin/categories", new JsonObject().put("slug", slug)
        .put("name", "Contract " + slug), admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return slug;
  }

  private JsonObject product(String category) {
    Reply created = gateway.send("POST", "/api/admin/products", new JsonObject().put("sku", unique("CT"))
        .put("name", "Contract cup").put("price", "12.90").put("currency", "EUR").put("category", category), admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  @Test
  void badQueryParametersAreEachNamed() {
    JsonObject problem = assertInvalid(() -> gateway.get("/api/products?size=1000&minPrice=abc&sort=bogus"),
        query("minPrice"), query("sort"), query("size"));
    JsonArray errors = problem.getJsonArray("errors");
    assertThat(errors.getJsonObject(0).getString("detail")).contains("decimal");
    assertThat(errors.getJsonObject(1).getString("detail")).isEqualTo("sort must be one of price, name, newest");
    assertThat(errors.getJsonObject(2).getString("detail")).isEqualTo("size must be a whole number from 1 to 100");
    assertThat(problem.getString("detail")).contains("and 2 more fields at fault");
    assertInvalid(() -> gateway.get("/api/products?page=0&inStock=yes&maxPrice=1.005"),
        query("maxPrice"), query("inStock"), query("page"));
    assertInvalid(() -> gateway.get("/api/products/search/cup?sort=rank&size=two"), query("sort"), query("size"));
    assertInvalid(() -> gateway.get("/api/admin/audit?entity=order&actor=42", admin), query("entity"),
        query("actor"));
    assertInvalid(() -> gateway.get("/api/products?tag=a&tag=b"), query("tag"));
  }

  @Test
  void aMisspeltOrUnknownQueryParameterNeverPassesSilently() {
    JsonObject problem = assertInvalid(() -> gateway.get("/api/products?minprice=10"), query("minprice"));
    assertThat(problem.getString("detail")).startsWith("minprice is not a query parameter of this route")
        .contains("minPrice");
    // the user service used to ignore what it did not copy: a typo listed every user
    assertInvalid(() -> gateway.get("/api/admin/users?rol=admin", admin), query("rol"));
    assertInvalid(() -> gateway.get("/api/categories?depth=2"), query("depth"));
  }

  @Test
  void badPathParametersAreNamed() {
    assertInvalid(() -> gateway.get("/api/products/not-a-uuid"), path("id"));
    assertInvalid(() -> gateway.get("/api/products/not-a-uuid"), path("id")); // a refusal is never remembered
    assertInvalid(() -> gateway.get("/api/products/urn:uuid:" + UUID.randomUUID()), path("id"));
    assertInvalid(() -> gateway.send("DELETE", "/api/admin/categories/Not_A_Slug", null, admin), path("slug"));
    assertInvalid(() -> gateway.send("PUT", "/api/admin/users/42/role", new JsonObject().put("role", "owner"),
        admin), path("id"), body("role"));
  }

  @Test
  void bodiesWithWrongTypesMissingFieldsAndForbiddenFieldsNameEveryField() {
    JsonObject wrong = new JsonObject().put("sku", 5).put("name", "").put("price", 1.555).put("currency", "EUR")
        .put("stock", "7").put("colour", "red");
    JsonObject problem = assertInvalid(() -> gateway.send("POST", "/api/admin/products", wrong, admin),
        body("sku"), body("name"), body("price"), body("stock"), body("colour"));
    List<String> details = problem.getJsonArray("errors").stream().map(JsonObject.class::cast)
        .map(e -> e.getString("detail")).toList();
    assertThat(details).containsExactly("sku must be a string", "name must not be empty",
        details.get(2), "stock must be a whole number", "colour is not a field this request takes");
    assertThat(details.get(2)).startsWith("price must be a decimal from 0 to 9999999999.99 with at most 2 decimals");

    assertInvalid(() -> gateway.send("POST", "/api/admin/products", new JsonObject().put("name", "Cup"), admin),
        body("sku"), body("price"));
    assertInvalid(() -> gateway.send("POST", "/api/admin/categories", new JsonObject(), admin),
        body("slug"), body("name"));
    assertInvalid(() -> gateway.send("POST", "/api/admin/products", "[1, 2]", admin), body("body"));
    assertInvalid(() -> gateway.send("POST", "/api/auth/login", new JsonObject().put("email", "a@example.org")
        .put("password", "x").put("remember", true), null), body("remember"));
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() {
    JsonObject tags = new JsonObject().put("sku", unique("CT")).put("name", "Cup").put("price", "1.00")
        .put("currency", "EUR").put("tags", new JsonArray().add("ok").add(5).add("x".repeat(41)));
    assertInvalid(() -> gateway.send("POST", "/api/admin/products", tags, admin), body("tags[1]"), body("tags[2]"));
    JsonObject money = new JsonObject().put("sku", unique("CT")).put("name", "Cup")
        .put("price", new JsonObject().put("amount", 0.125).put("currency", "EUR"));
    assertInvalid(() -> gateway.send("POST", "/api/admin/products", money, admin), body("price"));
    JsonObject policy = new JsonObject().put("retry", new JsonObject().put("maxAttempts", 0).put("colour", 1))
        .put("timeoutMs", "1000");
    assertInvalid(() -> gateway.send("PUT", "/api/admin/mesh/services/product/policy", policy, admin),
        body("timeoutMs"), body("retry.maxAttempts"), body("retry.colour"));
    JsonObject limits = new JsonObject().put("policies", new JsonObject().put("x", new JsonObject()
        .put("key", "ip").put("rate", -1).put("burst", 2))).put("groups", new JsonObject().put("reads",
        new JsonArray()));
    assertInvalid(() -> gateway.send("PUT", "/api/admin/gateway/rate-limits", limits, admin),
        body("policies.x.rate"), body("groups.reads"));
  }

  @Test
  void aBadPathABadBodyAndABadHeaderAreAllNamed() {
    JsonObject change = new JsonObject().put("stock", -1).put("status", "gone");
    assertInvalid(() -> gateway.send("PUT", "/api/admin/products/42", change, admin, Map.of("If-Match", "*")),
        path("id"), new Fault("If-Match", "header"), body("stock"), body("status"));
  }

  @Test
  void aBodyThatIsNotJsonIs415AndOneThatDoesNotParseIs400() {
    long before = gateway.serviceCalls();
    Reply form = gateway.send("POST", "/api/admin/products", "sku=1", admin, Map.of("Content-Type",
        "application/x-www-form-urlencoded"));
    assertThat(form.status()).as(form.toString()).isEqualTo(415);
    assertThat(form.json().getString("field")).isEqualTo("Content-Type");
    assertThat(gateway.serviceCalls()).isEqualTo(before);
    assertInvalid(() -> gateway.send("POST", "/api/admin/products", "{\"sku\": ", admin), body("body"));
    assertInvalid(() -> gateway.send("PUT", "/api/users/password", "", GatewayFixture.user(),
        Map.of("Content-Type", "application/json")), body("body"));
  }

  @Test
  void callersWithoutTheRightTokenLearnThatFirst() {
    JsonObject bad = new JsonObject().put("sku", 5);
    assertThat(gateway.send("POST", "/api/admin/products", bad, null).status()).isEqualTo(401);
    assertThat(gateway.send("POST", "/api/admin/products", bad, GatewayFixture.user()).status()).isEqualTo(403);
    assertThat(gateway.get("/api/admin/users?rol=admin", GatewayFixture.user()).status()).isEqualTo(403);
  }

  @Test
  void hugeInputIsNeverEchoedBack() {
    String longName = "k".repeat(5_000);
    String longValue = "v".repeat(5_000);
    Reply reply = gateway.send("POST", "/api/admin/categories", new JsonObject().put("slug", longValue)
        .put("name", "n").put(longName, 1), admin);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).doesNotContain(longValue.substring(0, 200)).doesNotContain(longName.substring(0, 200));
    assertThat(reply.body().length()).isLessThan(2_000);
    reply.json().getJsonArray("errors").forEach(e -> assertThat(((JsonObject) e).getString("field").length())
        .isLessThanOrEqualTo(101));
  }

  @Test
  void validRequestsStillPassTheContractAndReachTheirService() {
    String category = category();
    JsonObject product = product(category);
    String id = product.getString("id");
    long before = gateway.serviceCalls();
    Reply list = gateway.get("/api/products?category=" + category + "&minPrice=10&maxPrice=500.5&inStock=false"
        + "&sort=price&currency=EUR&order=asc&page=1&size=20&fields=id,name");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items")).hasSize(1);
    assertThat(gateway.serviceCalls()).isGreaterThan(before);
    Reply renamed = gateway.send("PUT", "/api/admin/products/" + id, new JsonObject().put("name", "Renamed")
        .put("category", (Object) null), admin, Map.of("If-Match", "\"1\""));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().getValue("category")).isNull();
    Reply stock = gateway.send("POST", "/api/admin/products/" + id + "/stock", new JsonObject().put("delta", 3)
        .put("id", id), admin);
    assertThat(stock.status()).as(stock.toString()).isEqualTo(200);
    assertThat(gateway.get("/api/products/search/contract%20cup?sort=relevance").status()).isEqualTo(200);
    assertThat(gateway.get("/api/admin/audit?entity=product&target=" + id, admin).status()).isEqualTo(200);
    long version = stock.json().getLong("version");
    assertThat(gateway.send("DELETE", "/api/admin/products/" + id + "?version=" + version, null, admin).status())
        .isEqualTo(204);
  }
}
