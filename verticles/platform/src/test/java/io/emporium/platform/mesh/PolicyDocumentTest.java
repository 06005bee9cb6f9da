package io.emporium.platform.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.PolicyDocument;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.emporium.platform.mesh.policy.Strategy;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyDocumentTest {
  private static final ServicePolicy BASE = MeshSettings.defaults(5_000).defaults();

  private static ServicePolicy apply(String json) {
    return PolicyDocument.apply(ServiceName.PRODUCT, BASE, new JsonObject(json));
  }

  @Test
  void aPolicyReadsBackFromItsOwnDocument() {
    ServicePolicy policy = apply("""
        {"strategy":"power-of-two-choices","split":{"1.0.0":90,"2.0.0":10},"timeoutMs":1500,
         "actionTimeoutsMs":{"product.get":800},"retry":{"maxAttempts":2,"baseDelayMs":5,"maxDelayMs":50,
         "budgetPercent":10,"attemptTimeoutMs":300},"breaker":{"failureThreshold":3,"resetTimeoutMs":2000},
         "hedge":{"enabled":true,"minDelayMs":5,"maxDelayMs":80,"budgetPercent":15},
         "latencyOutlier":{"enabled":true,"factor":4,"minLatencyMs":40,"intervals":2,"baseEjectionMs":500,
         "maxEjectionMs":5000},"canary":{"version":"2.0.0","userPercent":5,"byHeader":false},
         "mirror":{"version":"2.1.0-shadow","percent":10,"maxInFlight":8},"hashKey":"payload.id"}""");
    assertThat(PolicyDocument.apply(ServiceName.PRODUCT, BASE, policy.toJson())).isEqualTo(policy);
    assertThat(policy.strategy()).isEqualTo(Strategy.POWER_OF_TWO_CHOICES);
    assertThat(policy.timeoutFor(io.emporium.contract.ProductAction.GET)).isEqualTo(800);
    assertThat(policy.timeoutFor(io.emporium.contract.ProductAction.LIST)).isEqualTo(1500);
    assertThat(policy.retry().attemptTimeoutMs(1_000)).isEqualTo(300);
    assertThat(policy.hedge().delayMs(2.5)).as("p95 below the floor").isEqualTo(5);
    assertThat(policy.hedge().delayMs(500)).as("p95 above the ceiling").isEqualTo(80);
    assertThat(policy.hedge().delayMs(-1)).as("p95 unknown").isEqualTo(80);
    assertThat(policy.latencyOutlier().ejectionMs(5)).isEqualTo(5_000);
    assertThat(policy.canary().orElseThrow().byHeader()).isFalse();
    assertThat(policy.mirror().orElseThrow().maxInFlight()).isEqualTo(8);
    assertThat(policy.hashKey().orElseThrow().of(java.util.Optional.empty(), new JsonObject().put("id", 42)))
        .isEqualTo("42");
  }

  @Test
  void aCanaryOrMirrorChangesFieldByFieldAndNullRemovesThem() {
    ServicePolicy canary = apply("{\"canary\":{\"version\":\"2.0.0\"},\"mirror\":{\"version\":\"3.0.0\"}}");
    assertThat(canary.canary().orElseThrow().userPercent()).isZero();
    assertThat(canary.canary().orElseThrow().byHeader()).isTrue();
    assertThat(canary.mirror().orElseThrow().percent()).isEqualTo(10);
    ServicePolicy grown = PolicyDocument.apply(ServiceName.PRODUCT, canary,
        new JsonObject("{\"canary\":{\"userPercent\":25},\"mirror\":{\"percent\":50}}"));
    assertThat(grown.canary().orElseThrow().version()).isEqualTo("2.0.0");
    assertThat(grown.canary().orElseThrow().userPercent()).isEqualTo(25);
    assertThat(grown.mirror().orElseThrow().version()).isEqualTo("3.0.0");
    ServicePolicy removed = PolicyDocument.apply(ServiceName.PRODUCT, grown,
        new JsonObject("{\"canary\":null,\"mirror\":{},\"hashKey\":null}"));
    assertThat(removed.canary()).isEmpty();
    assertThat(removed.mirror()).isEmpty();
    assertThat(removed.hashKey()).isEmpty();
  }

  @Test
  void hedgingAndLatencyEjectionAreOffUnlessAPolicySwitchesThemOn() {
    assertThat(BASE.hedge().enabled()).isFalse();
    assertThat(BASE.latencyOutlier().enabled()).isFalse();
    assertThat(BASE.retry().attemptTimeoutMs(700)).as("no per-attempt timeout: the time that remains").isEqualTo(700);
    ServicePolicy on = apply("{\"hedge\":{\"enabled\":true},\"latencyOutlier\":{\"enabled\":true}}");
    assertThat(on.hedge()).isEqualTo(new io.emporium.platform.mesh.policy.HedgeSettings(true, 10, 100, 10));
    assertThat(on.latencyOutlier().factor()).isEqualTo(3);
  }

  @Test
  void fieldsLeftOutKeepTheirValueAndNullRemovesTheSplit() {
    ServicePolicy split = apply("{\"split\":{\"1.0.0\":50,\"2.0.0\":50}}");
    ServicePolicy partial = PolicyDocument.apply(ServiceName.PRODUCT, split, new JsonObject("{\"retry\":{\"maxAttempts\":5}}"));
    assertThat(partial.split()).isEqualTo(split.split());
    assertThat(partial.retry().maxAttempts()).isEqualTo(5);
    assertThat(partial.retry().budgetPercent()).isEqualTo(BASE.retry().budgetPercent());
    assertThat(PolicyDocument.apply(ServiceName.PRODUCT, split, new JsonObject("{\"split\":null}")).split()).isEmpty();
    assertThat(PolicyDocument.apply(ServiceName.PRODUCT, split, new JsonObject("{}"))).isEqualTo(split);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"strategy\":\"random\"}                              | strategy",
      "{\"strategy\":3}                                       | strategy",
      "{\"bogus\":1}                                          | bogus",
      "{\"timeoutMs\":\"100\"}                                | timeoutMs",
      "{\"timeoutMs\":1.5}                                    | timeoutMs",
      "{\"timeoutMs\":5}                                      | timeoutMs",
      "{\"timeoutMs\":99999999999}                            | timeoutMs",
      "{\"split\":{\"1.0.0\":50}}                             | split",
      "{\"split\":{\"1.0.0\":-10,\"2.0.0\":110}}              | split",
      "{\"split\":[90,10]}                                    | split",
      "{\"split\":{\"bad version!\":100}}                     | split",
      "{\"actionTimeoutsMs\":{\"user.get\":100}}              | actionTimeoutsMs.user.get",
      "{\"actionTimeoutsMs\":{\"product.get\":true}}          | actionTimeoutsMs.product.get",
      "{\"retry\":{\"maxAttempts\":0}}                        | retry.maxAttempts",
      "{\"retry\":{\"budgetPercent\":101}}                    | retry.budgetPercent",
      "{\"retry\":{\"baseDelayMs\":100,\"maxDelayMs\":10}}    | retry.maxDelayMs",
      "{\"retry\":{\"jitter\":true}}                          | retry.jitter",
      "{\"retry\":5}                                          | retry",
      "{\"breaker\":{\"failureThreshold\":0}}                 | breaker.failureThreshold",
      "{\"breaker\":{\"resetTimeoutMs\":null}}                | breaker.resetTimeoutMs",
      "{\"retry\":{\"attemptTimeoutMs\":-1}}                  | retry.attemptTimeoutMs",
      "{\"hedge\":{\"enabled\":\"yes\"}}                      | hedge.enabled",
      "{\"hedge\":{\"minDelayMs\":50,\"maxDelayMs\":20}}      | hedge.maxDelayMs",
      "{\"hedge\":{\"budgetPercent\":200}}                    | hedge.budgetPercent",
      "{\"hedge\":{\"percentile\":99}}                        | hedge.percentile",
      "{\"latencyOutlier\":{\"factor\":1}}                    | latencyOutlier.factor",
      "{\"latencyOutlier\":{\"intervals\":0}}                 | latencyOutlier.intervals",
      "{\"latencyOutlier\":{\"baseEjectionMs\":900,\"maxEjectionMs\":100}} | latencyOutlier.maxEjectionMs",
      "{\"canary\":{\"userPercent\":5}}                       | canary.version",
      "{\"canary\":{\"version\":\"no spaces\"}}               | canary.version",
      "{\"canary\":{\"version\":\"2.0.0\",\"userPercent\":101}} | canary.userPercent",
      "{\"canary\":{\"version\":\"2.0.0\",\"weight\":1}}      | canary.weight",
      "{\"mirror\":{\"version\":\"2.0.0\",\"percent\":0}}     | mirror.percent",
      "{\"mirror\":{\"version\":\"2.0.0\",\"maxInFlight\":0}} | mirror.maxInFlight",
      "{\"canary\":{\"version\":\"2.0.0\"},\"mirror\":{\"version\":\"2.0.0\"}} | mirror.version",
      "{\"hashKey\":\"user\"}                                  | hashKey",
      "{\"hashKey\":\"payload.\"}                              | hashKey",
      "{\"strategy\":\"consistent-hashing\"}                   | strategy",
  })
  void aBadDocumentIsRefusedNamingTheFieldAtFault(String document, String field) {
    ServiceException refused = catchThrowableOfType(ServiceException.class, () -> apply(document.trim()));
    assertThat(refused).as(document).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION);
    assertThat(refused.error().field()).isEqualTo(field.trim());
  }
}
