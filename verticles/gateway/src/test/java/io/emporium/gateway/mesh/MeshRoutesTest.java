package io.emporium.gateway.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.GatewayVerticle;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.mesh.FakeInstance;
import io.emporium.testkit.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mesh's HTTP routes on a real gateway verticle, in front of real instances on the bus. The admin
 * check is the identity issue's; these tests assume it lets the request through.
 */
@ExtendWith(VertxExtension.class)
class MeshRoutesTest {
  private static final String POLICY = "/api/admin/mesh/services/product/policy";

  private record Gateway(WebClient client, int port) {
    Future<HttpResponse<Buffer>> get(String path) {
      return client.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + ADMIN).send();
    }

    Future<HttpResponse<Buffer>> put(String path, String body) {
      return client.put(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + ADMIN)
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(body));
    }
  }

  private static final String SECRET = "mesh-routes-test-secret-0123456789abcdef";
  /** The mesh routes are admin-only: an HS256 token with the admin role, signed with the test's secret. */
  private static final String ADMIN = Tokens.admin(SECRET);

  private static Future<Gateway> start(Vertx vertx) {
    ServiceDirectory directory = new ServiceDirectory();
    GatewayVerticle gateway = new GatewayVerticle(TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0",
        ConfigKey.JWT_SECRET, SECRET)), directory);
    return Future.all(FakeInstance.deploy(vertx, directory, "v1", "1.0.0", 300),
            FakeInstance.deploy(vertx, directory, "v2", "2.0.0", 100))
        .compose(v -> vertx.deployVerticle(gateway))
        .map(id -> new Gateway(WebClient.create(vertx), gateway.actualPort()));
  }

  private static Future<List<HttpResponse<Buffer>>> products(Gateway gateway, int count, String variant) {
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      var request = gateway.client().get(gateway.port(), "127.0.0.1", "/api/products/" + UUID.randomUUID());
      if (variant != null) {
        request.putHeader("X-Emporium-Variant", variant);
      }
      calls.add(request.send());
    }
    return Future.all(calls).map(all -> calls.stream().map(Future::result).toList());
  }

  @Test
  void statsShowEveryInstanceWithVersionWeightHealthCircuitCountersAndLatency(Vertx vertx, VertxTestContext test) {
    start(vertx)
        .compose(gateway -> products(gateway, 20, null).compose(answers -> {
          test.verify(() -> assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200)));
          return gateway.get("/api/mesh/stats");
        }))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
          assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
          JsonObject product = response.bodyAsJsonObject().getJsonObject("services").getJsonObject("product");
          assertThat(product.getString("strategy")).isEqualTo("round-robin");
          assertThat(product.containsKey("split")).isTrue();
          assertThat(product.getJsonObject("totals").getLong("calls")).isEqualTo(20);
          assertThat(product.getJsonObject("retryBudget").getInteger("percent")).isEqualTo(20);
          assertThat(product.getJsonObject("variants").fieldNames()).containsExactlyInAnyOrder("1.0.0", "2.0.0");
          JsonArray instances = product.getJsonArray("instances");
          assertThat(instances).hasSize(2);
          JsonObject v1 = instances.stream().map(JsonObject.class::cast)
              .filter(i -> "v1".equals(i.getString("instanceId"))).findFirst().orElseThrow();
          assertThat(v1.getString("version")).isEqualTo("1.0.0");
          assertThat(v1.getInteger("weight")).isEqualTo(300);
          assertThat(v1.getJsonObject("health").getString("status")).isEqualTo("UP");
          assertThat(v1.getJsonObject("circuit").getString("state")).isEqualTo("CLOSED");
          assertThat(v1.getJsonObject("circuit").getJsonArray("transitions")).isEmpty();
          assertThat(v1.getInteger("inFlight")).isZero();
          assertThat(v1.getLong("calls")).isEqualTo(10);
          assertThat(v1.getLong("failures")).isZero();
          assertThat(v1.getLong("retries")).isZero();
          JsonObject latency = v1.getJsonObject("latencyMs");
          assertThat(latency.getInteger("samples")).isEqualTo(10);
          assertThat(latency.getDouble("p50")).isNotNull().isLessThanOrEqualTo(latency.getDouble("p95"));
          assertThat(latency.getDouble("p95")).isLessThanOrEqualTo(latency.getDouble("p99"));
          assertThat(response.bodyAsJsonObject().getJsonObject("services").getJsonObject("user")
              .getJsonArray("instances")).isEmpty();
          test.completeNow();
        })));
  }

  /**
   * Two gateway verticles in one JVM (one directory), each with its own mesh: reads through the first only,
   * stats asked of the second. Its top-level view is its own (no call), and {@code verticles} holds both
   * views, each with its own counters; a stopped verticle is no longer asked.
   */
  @Test
  void statsListTheViewOfEveryGatewayVerticleEachWithItsOwnCounters(Vertx vertx, VertxTestContext test) {
    ServiceDirectory directory = new ServiceDirectory();
    GatewayVerticle first = new GatewayVerticle(TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0",
        ConfigKey.JWT_SECRET, SECRET)), directory);
    GatewayVerticle second = new GatewayVerticle(TestConfigs.with(Map.of(ConfigKey.HTTP_PORT, "0",
        ConfigKey.JWT_SECRET, SECRET)), directory);
    WebClient client = WebClient.create(vertx);
    String[] firstDeployment = new String[1];
    Future.all(FakeInstance.deploy(vertx, directory, "v1", "1.0.0", 100),
            FakeInstance.deploy(vertx, directory, "v2", "1.0.0", 100))
        .compose(v -> vertx.deployVerticle(first)).compose(id -> {
          firstDeployment[0] = id;
          return vertx.deployVerticle(second);
        })
        .compose(id -> products(new Gateway(client, first.actualPort()), 20, null))
        .compose(reads -> new Gateway(client, second.actualPort()).get("/api/mesh/stats"))
        .compose(response -> {
          test.verify(() -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            JsonObject stats = response.bodyAsJsonObject();
            assertThat(productCalls(stats)).as("the answering verticle's own view: no read went through it").isZero();
            assertThat(stats.getInteger("verticlesUnanswered")).isZero();
            JsonArray views = stats.getJsonArray("verticles");
            assertThat(views).hasSize(2);
            List<String> ids = views.stream().map(v -> ((JsonObject) v).getString("meshId")).toList();
            assertThat(ids).doesNotHaveDuplicates().contains(stats.getString("meshId")).isSorted();
            assertThat(views.stream().map(v -> productCalls((JsonObject) v)).toList())
                .containsExactlyInAnyOrder(0L, 20L);
            assertThat(views).allSatisfy(v -> assertThat(((JsonObject) v).getJsonObject("services")
                .getJsonObject("product").getJsonArray("instances")).hasSize(2));
          });
          return vertx.undeploy(firstDeployment[0]);
        })
        .compose(v -> new Gateway(client, second.actualPort()).get("/api/mesh/stats"))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          JsonObject stats = response.bodyAsJsonObject();
          assertThat(stats.getJsonArray("verticles")).as("the stopped verticle is asked no more").hasSize(1);
          assertThat(stats.getJsonArray("verticles").getJsonObject(0).getString("meshId"))
              .isEqualTo(stats.getString("meshId"));
          test.completeNow();
        })));
  }

  private static long productCalls(JsonObject view) {
    return view.getJsonObject("services").getJsonObject("product").getJsonObject("totals").getLong("calls");
  }

  @Test
  void aValidPolicyIsAppliedAtOnceAndShownInTheStats(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(gateway -> gateway.put(POLICY,
            "{\"strategy\":\"weighted\",\"split\":{\"1.0.0\":50,\"2.0.0\":50},\"retry\":{\"maxAttempts\":2}}")
        .compose(put -> {
          test.verify(() -> {
            assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
            JsonObject body = put.bodyAsJsonObject();
            assertThat(body.getLong("revision")).isEqualTo(1);
            assertThat(body.getJsonObject("policy").getString("strategy")).isEqualTo("weighted");
            assertThat(body.getJsonObject("policy").getJsonObject("retry").getInteger("maxAttempts")).isEqualTo(2);
            assertThat(body.getJsonObject("policy").getJsonObject("retry").getInteger("budgetPercent")).isEqualTo(20);
          });
          return gateway.get("/api/mesh/stats");
        })
        .compose(stats -> {
          test.verify(() -> {
            JsonObject product = stats.bodyAsJsonObject().getJsonObject("services").getJsonObject("product");
            assertThat(product.getString("strategy")).isEqualTo("weighted");
            assertThat(product.getJsonObject("split").getInteger("2.0.0")).isEqualTo(50);
            assertThat(product.getLong("revision")).isEqualTo(1);
          });
          return gateway.get(POLICY);
        }))
        .onComplete(test.succeeding(read -> test.verify(() -> {
          assertThat(read.statusCode()).isEqualTo(200);
          assertThat(read.bodyAsJsonObject().getJsonObject("policy").getString("strategy")).isEqualTo("weighted");
          test.completeNow();
        })));
  }

  @Test
  void aBadPolicyIs400NamingTheFieldAndChangesNothing(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(gateway -> Future.all(List.of(
                gateway.put(POLICY, "{\"strategy\":\"weighted\",\"retry\":{\"maxAttempts\":0}}"),
                gateway.put(POLICY, "{\"split\":{\"1.0.0\":90}}"),
                gateway.put(POLICY, "{\"strategy\":\"fastest\"}"),
                gateway.put(POLICY, "{\"timeoutMs\":\"1000\"}"),
                gateway.put(POLICY, "{not json"),
                gateway.put("/api/admin/mesh/services/cart/policy", "{}"),
                gateway.client().put(gateway.port(), "127.0.0.1", POLICY)
                    .putHeader("Authorization", "Bearer " + ADMIN).putHeader("Content-Type", "text/plain")
                    .sendBuffer(Buffer.buffer("{}"))))
            .compose(all -> gateway.get(POLICY).map(after -> {
              List<HttpResponse<Buffer>> answers = all.list();
              test.verify(() -> {
                assertProblem(answers.get(0), 400, "retry.maxAttempts");
                assertProblem(answers.get(1), 400, "split");
                assertProblem(answers.get(2), 400, "strategy");
                assertProblem(answers.get(3), 400, "timeoutMs");
                assertProblem(answers.get(4), 400, "body");
                assertProblem(answers.get(5), 404, "name");
                assertProblem(answers.get(6), 415, "Content-Type");
                assertThat(after.bodyAsJsonObject().getLong("revision")).isZero();
                assertThat(after.bodyAsJsonObject().getJsonObject("policy").getString("strategy"))
                    .isEqualTo("round-robin");
              });
              return after;
            })))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void theVariantHeaderForcesAVersionAndAnUnknownOneIs503WithRetryAfter(Vertx vertx, VertxTestContext test) {
    start(vertx).compose(gateway -> products(gateway, 10, "2.0.0")
            .compose(forced -> {
              test.verify(() -> assertThat(forced).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.bodyAsJsonObject().getString("version")).isEqualTo("2.0.0");
              }));
              return products(gateway, 1, "9.9.9");
            }))
        .onComplete(test.succeeding(missing -> test.verify(() -> {
          HttpResponse<Buffer> response = missing.get(0);
          assertThat(response.statusCode()).isEqualTo(503);
          assertThat(response.getHeader("Retry-After")).isNotBlank();
          assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("UNAVAILABLE");
          test.completeNow();
        })));
  }

  @Test
  void hedgingCanaryMirrorAndHashKeyAreChangedThroughThePolicyApiAndShownInTheStats(Vertx vertx,
      VertxTestContext test) {
    start(vertx).compose(gateway -> gateway.put(POLICY, """
            {"hedge": {"enabled": true, "minDelayMs": 5}, "latencyOutlier": {"enabled": true},
             "canary": {"version": "2.0.0", "userPercent": 0}, "strategy": "consistent-hash",
             "hashKey": "payload.id"}""")
        .compose(put -> {
          test.verify(() -> {
            assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
            JsonObject policy = put.bodyAsJsonObject().getJsonObject("policy");
            assertThat(policy.getJsonObject("hedge").getBoolean("enabled")).isTrue();
            assertThat(policy.getJsonObject("hedge").getInteger("minDelayMs")).isEqualTo(5);
            assertThat(policy.getJsonObject("canary").getBoolean("byHeader")).isTrue();
            assertThat(policy.getString("hashKey")).isEqualTo("payload.id");
          });
          List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            calls.add(gateway.client().get(gateway.port(), "127.0.0.1", "/api/products/" + UUID.randomUUID())
                .putHeader("X-Emporium-Canary", "2.0.0").send());
          }
          return Future.all(calls).compose(all -> products(gateway, 10, null).map(plain -> {
            test.verify(() -> {
              assertThat(calls).allSatisfy(c -> assertThat(c.result().bodyAsJsonObject().getString("version"))
                  .isEqualTo("2.0.0"));
              assertThat(plain).allSatisfy(r -> assertThat(r.bodyAsJsonObject().getString("version"))
                  .as("no header: the canary is avoided").isEqualTo("1.0.0"));
            });
            return plain;
          }));
        })
        .compose(v -> gateway.put(POLICY, "{\"mirror\": {\"version\": \"2.0.0\"}}"))
        .compose(refused -> {
          test.verify(() -> assertProblem(refused, 400, "mirror.version"));
          return gateway.get("/api/mesh/stats");
        }))
        .onComplete(test.succeeding(stats -> test.verify(() -> {
          JsonObject product = stats.bodyAsJsonObject().getJsonObject("services").getJsonObject("product");
          assertThat(product.getString("strategy")).isEqualTo("consistent-hash");
          assertThat(product.getString("hashKey")).isEqualTo("payload.id");
          assertThat(product.getJsonObject("canary").getJsonObject("calls").getLong("header")).isEqualTo(10);
          assertThat(product.getJsonObject("hedging").getBoolean("enabled")).isTrue();
          assertThat(product.getJsonObject("ejections").getLong("latency")).isZero();
          assertThat(product.getJsonObject("mirror").getString("version")).isNull();
          test.completeNow();
        })));
  }

  @Test
  void aRequestThatPicksAVersionIsNeitherAnsweredNorKeptByTheCache(Vertx vertx, VertxTestContext test) {
    String path = "/api/products/" + UUID.randomUUID();
    start(vertx).compose(gateway -> gateway.get(path).compose(filled -> gateway.get(path))
        .compose(cached -> {
          List<Future<HttpResponse<Buffer>>> picked = new ArrayList<>();
          for (String version : List.of("1.0.0", "2.0.0", "1.0.0", "2.0.0")) {
            picked.add(gateway.client().get(gateway.port(), "127.0.0.1", path)
                .putHeader("X-Emporium-Variant", version).send());
          }
          picked.add(gateway.client().get(gateway.port(), "127.0.0.1", path)
              .putHeader("X-Emporium-Canary", "2.0.0").send());
          return Future.all(picked).map(all -> picked.stream().map(Future::result).toList());
        }))
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          for (int i = 0; i < 4; i++) {
            assertThat(answers.get(i).bodyAsJsonObject().getString("version")).isEqualTo(i % 2 == 0 ? "1.0.0" : "2.0.0");
          }
          assertThat(answers).allSatisfy(r -> assertThat(r.getHeader("X-Cache")).isIn(null, "BYPASS"));
          test.completeNow();
        })));
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo(field);
  }
}
