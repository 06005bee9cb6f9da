package io.emporium.platform.discovery;

import io.emporium.contract.Addresses;
import io.emporium.contract.ServiceName;
import io.vertx.core.json.JsonObject;

/**
 * One running instance of a service as discovery knows it.
 *
 * @param nodeId the cluster node (JVM) it lives in, so that instances of a JVM that left can be dropped
 */
public record ServiceInstance(
    ServiceName service, String instanceId, String address, String version, int weight, String nodeId,
    JsonObject labels) {

  public static ServiceInstance create(ServiceName service, String instanceId, String version, int weight,
      String nodeId) {
    return new ServiceInstance(service, instanceId, Addresses.instance(service, instanceId), version, weight, nodeId,
        new JsonObject());
  }

  public JsonObject toJson() {
    return new JsonObject().put("service", service.wireName()).put("instanceId", instanceId).put("address", address)
        .put("version", version).put("weight", weight).put("nodeId", nodeId).put("labels", labels.copy());
  }
}
