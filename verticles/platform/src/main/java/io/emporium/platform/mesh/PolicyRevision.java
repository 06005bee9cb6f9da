package io.emporium.platform.mesh;

import io.emporium.contract.ServiceName;
import io.emporium.platform.mesh.policy.PolicyDocument;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A service's policy with its place in the history of changes. Revision 0 is the configuration a JVM
 * started with; every change made through the API takes the next number, cluster-wide, so every mesh
 * keeps the highest revision it has seen and they all end on the same policy.
 */
public record PolicyRevision(ServiceName service, ServicePolicy policy, long revision, Optional<Instant> changedAt,
    Optional<String> changedBy) {

  static PolicyRevision initial(ServiceName service, ServicePolicy policy) {
    return new PolicyRevision(service, policy, 0, Optional.empty(), Optional.empty());
  }

  public JsonObject toJson() {
    return new JsonObject().put("service", service.wireName()).put("revision", revision)
        .put("changedAt", changedAt.map(Instant::toString).orElse(null))
        .put("changedBy", changedBy.orElse(null))
        .put("policy", policy.toJson());
  }

  /**
   * Reads a revision as it travels on the bus and sits in the cluster map; the policy is checked like
   * any document (read onto {@code baseFor(service)}), so a malformed one is refused, not applied.
   */
  static Optional<PolicyRevision> fromJson(Object value, Function<ServiceName, ServicePolicy> baseFor) {
    if (!(value instanceof JsonObject json)) {
      return Optional.empty();
    }
    try {
      ServiceName service = ServiceName.fromWire(json.getString("service")).orElseThrow();
      long revision = json.getLong("revision");
      ServicePolicy policy = PolicyDocument.apply(service, baseFor.apply(service), json.getJsonObject("policy"));
      return Optional.of(new PolicyRevision(service, policy, revision,
          Optional.ofNullable(json.getString("changedAt")).map(Instant::parse),
          Optional.ofNullable(json.getString("changedBy"))));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
