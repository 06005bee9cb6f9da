package io.emporium.platform.mesh;

import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.policy.LatencyOutlierSettings;
import io.emporium.platform.mesh.policy.ServiceActions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency-based outlier ejection (see {@link LatencyOutlierSettings}): every {@value #INTERVAL_MS} ms
 * each instance of a service whose policy asks for it is scored against its peers, a slow one ejected
 * (never when that would leave less than half of a service's instances available, whatever took the
 * others out), and an ejected one whose time is over probed with
 * the service's health action, which must answer within {@link LatencyOutlierSettings#probeTimeoutMs()}.
 * An interval this short lets a hung instance go within a few hundred milliseconds; the work is a few
 * additions per instance.
 */
final class LatencyOutliers {
  static final long INTERVAL_MS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(LatencyOutliers.class);

  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final MeshRuntime mesh;
  private final Map<ServiceName, ServiceLane> lanes;
  private long timer = -1;

  LatencyOutliers(Vertx vertx, ServiceDirectory directory, MeshRuntime mesh, Map<ServiceName, ServiceLane> lanes) {
    this.vertx = vertx;
    this.directory = directory;
    this.mesh = mesh;
    this.lanes = lanes;
  }

  void start() {
    timer = vertx.setPeriodic(INTERVAL_MS, id -> evaluate(System.nanoTime()));
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  void evaluate(long nowNanos) {
    lanes.forEach((service, lane) -> {
      LatencyOutlierSettings settings = lane.policy().latencyOutlier();
      List<Endpoint> endpoints = new ArrayList<>();
      for (ServiceInstance instance : directory.instances(service)) {
        endpoints.add(mesh.endpoints().endpoint(instance));
      }
      if (!settings.enabled()) {
        endpoints.forEach(e -> {
          e.outlier().releaseLatencyEjection();
          e.intervalScoreMs(nowNanos);
        });
        return;
      }
      judge(lane, settings, endpoints, nowNanos);
      for (Endpoint endpoint : endpoints) {
        if (endpoint.outlier().probeDue(nowNanos)) {
          probe(endpoint, settings);
        }
      }
    });
  }

  private void judge(ServiceLane lane, LatencyOutlierSettings settings, List<Endpoint> endpoints, long nowNanos) {
    double[] scores = new double[endpoints.size()];
    boolean[] out = new boolean[scores.length];
    int unavailable = 0;
    for (int i = 0; i < scores.length; i++) {
      Endpoint endpoint = endpoints.get(i);
      scores[i] = endpoint.intervalScoreMs(nowNanos);
      if (endpoint.outlier().ejected(nowNanos)) {
        scores[i] = -1;
      }
      // Out for any reason (circuit open, failed health checks, ejected): what an ejection would leave matters.
      out[i] = endpoint.exclusion(nowNanos) != null;
      if (out[i]) {
        unavailable++;
      }
    }
    // Ejected when it left half available; if others went since (withdrawn, circuit open), it comes back.
    for (int i = 0; i < scores.length && unavailable * 2 > endpoints.size(); i++) {
      Endpoint endpoint = endpoints.get(i);
      if (endpoint.onlySlow(nowNanos)) {
        endpoint.outlier().releaseLatencyEjection();
        out[i] = false;
        unavailable--;
        LOG.info("instance {} of {} back in rotation despite its latency: without it less than half of the"
            + " service's instances would be available", endpoint.id(), lane.service.wireName());
      }
    }
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] < 0) {
        continue;
      }
      double peers = medianOfOthers(scores, i);
      if (peers < 0) {
        continue;
      }
      boolean slow = scores[i] > Math.max((double) settings.factor() * peers, settings.minLatencyMs());
      boolean mayEject = out[i] || (unavailable + 1) * 2 <= endpoints.size();
      Endpoint endpoint = endpoints.get(i);
      if (endpoint.outlier().recordInterval(settings, scores[i], slow, mayEject, nowNanos)) {
        if (!out[i]) {
          unavailable++;
        }
        lane.ejected(OutlierTracker.LATENCY);
        LOG.warn("instance {} of {} ejected for latency: {} ms against its peers' {} ms", endpoint.id(),
            lane.service.wireName(), Math.round(scores[i]), Math.round(peers));
      }
    }
  }

  /** The median of the other scored instances, -1 when none has a score. */
  static double medianOfOthers(double[] scores, int self) {
    double[] others = new double[scores.length];
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (i != self && scores[i] >= 0) {
        others[n++] = scores[i];
      }
    }
    if (n == 0) {
      return -1;
    }
    Arrays.sort(others, 0, n);
    return n % 2 == 1 ? others[n / 2] : (others[n / 2 - 1] + others[n / 2]) / 2;
  }

  private void probe(Endpoint endpoint, LatencyOutlierSettings settings) {
    ServiceInstance instance = endpoint.instance();
    mesh.transport().probe(instance, ServiceActions.health(instance.service()), new JsonObject(),
            CallContext.anonymous("mesh-latency-probe"), settings.probeTimeoutMs())
        .onComplete(reply -> {
          boolean fast = reply.succeeded();
          endpoint.outlier().probed(fast, settings, System.nanoTime());
          if (fast) {
            LOG.info("instance {} of {} answered its probe in time: back in rotation", endpoint.id(),
                instance.service().wireName());
          }
        });
  }
}
