package io.emporium.platform.mesh;

import io.emporium.contract.Action;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.discovery.ServiceDirectory;
import io.emporium.platform.discovery.ServiceInstance;
import io.emporium.platform.mesh.policy.MeshSettings;
import io.emporium.platform.mesh.policy.PolicyDocument;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.emporium.platform.security.CallerSignatures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-side service mesh: {@code call(action, payload, context)} sends an action to one live
 * instance of its service over the event bus and answers the reply or a contract error.
 *
 * <p>Per call: the instances come from the {@link ServiceDirectory} (kept current from discovery, no
 * query per call); those with an open circuit, failed health checks or an outlier ejection are left
 * out; the service's traffic split picks a version (sticky per caller); the service's strategy picks
 * an instance; its circuit breaker guards the send; the policy's timeout bounds the whole call; failures
 * of the service are retried for idempotent actions within a retry budget, and slow idempotent calls
 * hedged within a hedge budget (see {@link MeshCall}).
 *
 * <p>{@link #start()} adds what runs in the background: active health checks, latency-based outlier
 * ejection ({@link LatencyOutliers}), and the cluster-wide policy board through which
 * {@link #updatePolicy} reaches every mesh. Thread-safe: one mesh can serve callers on several event loops.
 *
 * <p>This class is the facade; the work is done by its parts ({@link MeshRuntime}): the instances' state
 * ({@link EndpointTable}), the choice of an instance ({@link InstanceSelection}) and the bus request
 * ({@link BusTransport}), used by each call ({@link MeshCall}) and the background checks.
 */
public final class MeshClient {
  private static final Logger LOG = LoggerFactory.getLogger(MeshClient.class);

  private final Vertx vertx;
  private final ServiceDirectory directory;
  private final MeshSettings settings;
  private final Predicate<Action> idempotent;
  private final String meshId = "mesh-" + UUID.randomUUID();
  private final Map<ServiceName, ServiceLane> lanes = new EnumMap<>(ServiceName.class);
  private final MeshRuntime runtime;
  private Runnable stopWatchingNodes = () -> { };
  private final HealthChecker healthChecker;
  private final LatencyOutliers latencyOutliers;
  private final PolicyBoard board;
  private final MeshMeters meters;
  private Runnable stopWatchingDirectory = () -> { };

  /** A mesh with the shipped default policy and the given call timeout (tests, simple callers). */
  public MeshClient(Vertx vertx, ServiceDirectory directory, long timeoutMs) {
    this(vertx, directory, MeshSettings.defaults((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMs))));
  }

  /** A mesh that passes callers unsigned: services refuse them, so only for anonymous calls. */
  public MeshClient(Vertx vertx, ServiceDirectory directory, MeshSettings settings) {
    this(vertx, directory, settings, Action::idempotent, Optional.empty());
  }

  /** A mesh that signs the caller of each call (a gateway, which verified the caller's token). */
  public MeshClient(Vertx vertx, ServiceDirectory directory, MeshSettings settings, CallerSignatures signatures) {
    this(vertx, directory, settings, Action::idempotent, Optional.of(signatures));
  }

  /** @param idempotent which actions may be retried; the contract's flag, except in tests */
  MeshClient(Vertx vertx, ServiceDirectory directory, MeshSettings settings, Predicate<Action> idempotent) {
    this(vertx, directory, settings, idempotent, Optional.empty());
  }

  private MeshClient(Vertx vertx, ServiceDirectory directory, MeshSettings settings, Predicate<Action> idempotent,
      Optional<CallerSignatures> signatures) {
    this.vertx = vertx;
    this.directory = directory;
    this.settings = settings;
    this.idempotent = idempotent;
    this.meters = new MeshMeters(io.emporium.platform.metrics.EmporiumMetrics.of(vertx), directory);
    for (ServiceName service : ServiceName.values()) {
      lanes.put(service, new ServiceLane(service, settings.policyFor(service), meters));
    }
    EndpointTable endpoints = new EndpointTable(vertx, directory, service -> lanes.get(service).policy(), meters);
    this.runtime = new MeshRuntime(vertx, settings, meters, directory, endpoints,
        new InstanceSelection(directory, endpoints), new BusTransport(vertx, signatures));
    this.healthChecker = new HealthChecker(vertx, directory, runtime, settings.health());
    this.latencyOutliers = new LatencyOutliers(vertx, directory, runtime, lanes);
    this.board = new PolicyBoard(vertx, settings.defaults().timeoutMs(), meshId, settings::policyFor,
        this::applyRevision);
  }

  /**
   * Starts health checks and joins the policy board (reading the policies stored cluster-wide). Call it
   * from the verticle that owns the mesh: its timers and consumer then end with that verticle.
   */
  public Future<Void> start() {
    stopWatchingDirectory = directory.onRemoved(runtime.endpoints()::removed);
    stopWatchingNodes = directory.onNodeLeft(runtime.endpoints()::nodeLeft);
    healthChecker.start();
    latencyOutliers.start();
    return board.start();
  }

  public Future<Void> close() {
    healthChecker.stop();
    latencyOutliers.stop();
    stopWatchingDirectory.run();
    stopWatchingNodes.run();
    return board.close();
  }

  /** Calls the action on one instance of its service, chosen and guarded by the service's policy. */
  public Future<JsonObject> call(Action action, JsonObject payload, CallContext context) {
    return call(action, payload, context, ReplyForm.JSON);
  }

  /**
   * Like {@link #call(Action, JsonObject, CallContext)}, the reply in the given form: {@link ReplyForm#ENCODED}
   * for a caller that passes the answer on as the service encoded it (no decode, no re-encode).
   */
  public <T> Future<T> call(Action action, JsonObject payload, CallContext context, ReplyForm<T> form) {
    return new MeshCall<>(runtime, lanes.get(action.service()), action, payload, context,
        idempotent.test(action), form).start();
  }

  /** Sends to one given instance, bypassing balancing, breakers and retries (health probes use this). */
  public Future<JsonObject> callInstance(ServiceInstance instance, Action action, JsonObject payload,
      CallContext context, long timeoutMs) {
    return runtime.transport().probe(instance, action, payload, context, timeoutMs);
  }

  /** This mesh's id (unique per mesh: a gateway JVM has one mesh per gateway verticle), as its stats say it. */
  public String id() {
    return meshId;
  }

  /** The policy in force for the service. */
  public ServicePolicy policy(ServiceName service) {
    return lanes.get(service).policy();
  }

  public PolicyRevision policyRevision(ServiceName service) {
    return lanes.get(service).revision();
  }

  /**
   * Changes a service's policy, cluster-wide: {@code document} is a (possibly partial) policy document
   * (see {@link PolicyDocument}). Fails with VALIDATION naming the field at fault (nothing changes), or
   * UNAVAILABLE when the cluster-wide store does not answer in time.
   */
  public Future<PolicyRevision> updatePolicy(ServiceName service, JsonObject document) {
    ServiceLane lane = lanes.get(service);
    try {
      PolicyDocument.apply(service, lane.policy(), document);
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
    return board.change(service, lane.revision(), base -> PolicyDocument.apply(service, base, document))
        .onSuccess(this::applyRevision);
  }

  /** Per service and instance: policy, health, circuit, outlier state, counters and latencies. */
  public JsonObject stats() {
    runtime.endpoints().prune();
    long now = System.nanoTime();
    JsonObject services = new JsonObject();
    lanes.forEach((service, lane) -> {
      List<Endpoint> current = new ArrayList<>();
      directory.instances(service).forEach(instance -> current.add(runtime.endpoints().endpoint(instance)));
      services.put(service.wireName(), lane.toJson(current, now));
    });
    return new JsonObject()
        .put("meshId", meshId)
        .put("generatedAt", Instant.now().toString())
        .put("healthChecks", new JsonObject().put("intervalMs", settings.health().intervalMs())
            .put("timeoutMs", settings.health().timeoutMs())
            .put("unhealthyThreshold", settings.health().unhealthyThreshold())
            .put("healthyThreshold", settings.health().healthyThreshold()))
        .put("outlierEjection", new JsonObject()
            .put("consecutiveFailures", settings.outlier().consecutiveFailures())
            .put("baseEjectionMs", settings.outlier().baseEjectionMs())
            .put("maxEjectionMs", settings.outlier().maxEjectionMs()))
        .put("services", services);
  }

  MeshSettings settings() {
    return settings;
  }

  /** The endpoint of an instance (tests look at its state). */
  Endpoint endpoint(ServiceInstance instance) {
    return runtime.endpoints().endpoint(instance);
  }

  private void applyRevision(PolicyRevision revision) {
    ServiceLane lane = lanes.get(revision.service());
    if (!lane.apply(revision)) {
      return;
    }
    ServicePolicy policy = revision.policy();
    for (ServiceInstance instance : directory.instances(revision.service())) {
      runtime.endpoints().endpoint(instance).applyBreakerSettings(vertx, policy.breaker());
    }
    LOG.info("mesh policy of the {} service is now revision {}: {}", revision.service().wireName(),
        revision.revision(), policy.toJson().encode());
  }
}
