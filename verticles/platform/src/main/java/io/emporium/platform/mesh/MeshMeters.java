package io.emporium.platform.mesh;

import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.metrics.EmporiumMetrics;
import io.emporium.platform.metrics.EmporiumMetrics.Names;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mesh's gauges and timings: instances per service, the circuit state of each instance
 * (0 closed, 1 half-open, 2 open; removed when the instance leaves), and each call's latency by
 * service, action and outcome; hedged reads and outlier ejections. The labels say {@code destination_service}
 * and {@code destination_instance}: Prometheus gives every target its own {@code service}, {@code instance} and
 * {@code job}, and renames a metric's label that collides with one to {@code exported_*}, which no query expects.
 */
final class MeshMeters {
  private final EmporiumMetrics metrics;
  private final Map<String, Gauge> circuits = new ConcurrentHashMap<>();

  MeshMeters(EmporiumMetrics metrics, ServiceDirectory directory) {
    this.metrics = metrics;
    if (metrics.enabled()) {
      for (ServiceName service : ServiceName.values()) {
        metrics.gauge(Names.MESH_INSTANCES, "Instances of the service in this JVM's view of discovery",
            () -> directory.instances(service).size(), "destination_service", service.wireName());
        // At zero from the start: a retry rate is 0, not "no data", before the first retry.
        metrics.counter(Names.MESH_RETRIES, "Retries the mesh made, by service", "destination_service",
            service.wireName());
      }
    }
  }

  void instanceSeen(Endpoint endpoint) {
    if (metrics.enabled()) {
      circuits.computeIfAbsent(endpoint.id(), id -> metrics.gauge(Names.MESH_CIRCUIT_STATE,
          "Circuit of each instance: 0 closed, 1 half-open, 2 open", endpoint::circuitStateCode,
          "destination_service", endpoint.instance().service().wireName(), "destination_instance", id));
    }
  }

  void instanceGone(String instanceId) {
    Gauge gauge = circuits.remove(instanceId);
    if (gauge != null) {
      metrics.remove(gauge);
    }
  }

  void call(ServiceName service, String action, long startNanos, Throwable failure) {
    String outcome = failure == null ? "success"
        : ServiceError.from(failure).code().isFailureOfService() ? "failure" : "answer";
    metrics.meshCall(service.wireName(), action, outcome, System.nanoTime() - startNanos);
  }

  void retry(ServiceName service) {
    metrics.meshRetry(service.wireName());
  }

  // Hedges and ejections: counters shared by every mesh of the JVM, looked up once per series.
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /** @param won false when the hedge is sent, true when its answer is the one returned */
  void hedge(ServiceName service, boolean won) {
    increment(Names.MESH_HEDGES, "Hedged reads the mesh sent, and those whose answer won, by service",
        service.wireName(), "outcome", won ? "won" : "sent");
  }

  /** @param reason failures or latency */
  void ejection(ServiceName service, String reason) {
    increment(Names.MESH_EJECTIONS, "Instances the mesh ejected as outliers, by service and reason",
        service.wireName(), "reason", reason);
  }

  private void increment(String name, String help, String service, String key, String value) {
    if (metrics.enabled()) {
      counters.computeIfAbsent(name + '|' + service + '|' + value,
          k -> metrics.counter(name, help, "destination_service", service, key, value)).increment();
    }
  }
}
