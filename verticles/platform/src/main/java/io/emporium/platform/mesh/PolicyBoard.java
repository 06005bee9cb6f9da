package io.emporium.platform.mesh;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.contract.ServiceName;
import io.emporium.platform.async.Deadlines;
import io.emporium.platform.cluster.ClusterRejoins;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Lock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where policy changes meet, cluster-wide. A change takes a cluster lock for the service, reads the
 * latest stored revision, applies the document to it (so two admins changing different fields lose
 * neither change), stores revision + 1 in the cluster map {@value #MAP} and publishes it on
 * {@value #ADDRESS}. Every mesh subscribes to that address and also reads the map at start and every
 * {@value #RESYNC_MS} ms, so a gateway that starts later, or missed a message, catches up; and at once
 * (then again {@value #REJOIN_REREAD_MS} ms later, once a merge has settled) when its JVM is back in the
 * cluster after it was cut off ({@link ClusterRejoins}): the changes of that time were published where it
 * was not. Every cluster operation is bounded in time: a frozen member must not hang an admin request.
 */
final class PolicyBoard {
  static final String ADDRESS = "emporium.mesh.policy";
  static final String MAP = "emporium.mesh.policies";
  static final String LOCK_PREFIX = "emporium.mesh.policy-lock.";
  static final long RESYNC_MS = 15_000;
  /** The second read after a rejoin: a Hazelcast merge goes on moving the map's entries for a moment. */
  static final long REJOIN_REREAD_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(PolicyBoard.class);

  private final Vertx vertx;
  private final long timeoutMs;
  private final String origin;
  private final Function<ServiceName, ServicePolicy> baseFor;
  private final Consumer<PolicyRevision> onRevision;
  private MessageConsumer<JsonObject> consumer;
  private MessageConsumer<Object> rejoins;
  private long resyncTimer = -1;

  PolicyBoard(Vertx vertx, long timeoutMs, String origin, Function<ServiceName, ServicePolicy> baseFor,
      Consumer<PolicyRevision> onRevision) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.origin = origin;
    this.baseFor = baseFor;
    this.onRevision = onRevision;
  }

  /** Subscribes, then reads the stored policies once; a store that does not answer is logged, not fatal. */
  Future<Void> start() {
    consumer = vertx.eventBus().consumer(ADDRESS, message -> PolicyRevision.fromJson(message.body(), baseFor)
        .ifPresentOrElse(onRevision, () -> LOG.warn("ignoring a malformed mesh policy message")));
    rejoins = ClusterRejoins.listen(vertx, v -> loadAll()
        .onComplete(read -> vertx.setTimer(REJOIN_REREAD_MS, id -> loadAll())));
    return consumer.completion()
        .compose(v -> rejoins.completion())
        .compose(v -> loadAll())
        .onSuccess(v -> resyncTimer = vertx.setPeriodic(RESYNC_MS, id -> loadAll()));
  }

  Future<Void> close() {
    if (resyncTimer >= 0) {
      vertx.cancelTimer(resyncTimer);
    }
    Future<Void> rejoinsGone = rejoins == null ? Future.succeededFuture() : rejoins.unregister();
    return rejoinsGone.compose(v -> consumer == null ? Future.succeededFuture() : consumer.unregister());
  }

  /** Reads every stored revision; never fails. */
  Future<Void> loadAll() {
    return map().compose(map -> {
      List<Future<?>> reads = new ArrayList<>();
      for (ServiceName service : ServiceName.values()) {
        reads.add(Deadlines.within(vertx, map.get(service.wireName()), timeoutMs, "mesh policy read")
            .onSuccess(stored -> PolicyRevision.fromJson(stored, baseFor).ifPresent(onRevision)));
      }
      return Future.join(reads);
    }).<Void>mapEmpty().recover(e -> {
      LOG.warn("could not read the cluster-wide mesh policies: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  /**
   * Stores and announces a change. {@code update} gets the latest stored revision, or the local one when
   * none is stored, and may fail with VALIDATION (then nothing changes). Fails with UNAVAILABLE when the
   * cluster does not answer in time.
   */
  Future<PolicyRevision> change(ServiceName service, PolicyRevision local, Function<ServicePolicy, ServicePolicy> update) {
    return lock(service).compose(lock -> map()
        .compose(map -> Deadlines.within(vertx, map.get(service.wireName()), timeoutMs, "mesh policy read")
            .compose(stored -> {
              PolicyRevision base = PolicyRevision.fromJson(stored, baseFor)
                  .filter(s -> s.revision() >= local.revision()).orElse(local);
              ServicePolicy policy;
              try {
                policy = update.apply(base.policy());
              } catch (ServiceException invalid) {
                return Future.failedFuture(invalid);
              }
              PolicyRevision next = new PolicyRevision(service, policy, base.revision() + 1,
                  Optional.of(Instant.now()), Optional.of(origin));
              return Deadlines.within(vertx, map.put(service.wireName(), next.toJson()), timeoutMs, "mesh policy write")
                  .map(v -> next);
            }))
        .andThen(done -> lock.release()))
        .onSuccess(next -> vertx.eventBus().publish(ADDRESS, next.toJson()))
        .recover(e -> Future.failedFuture(e instanceof ServiceException se && se.code() == ErrorCode.VALIDATION ? e
            : ServiceError.of(ErrorCode.UNAVAILABLE,
                "the cluster-wide policy store did not answer in time; try again").toException()));
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return Deadlines.within(vertx, vertx.sharedData().<String, JsonObject>getAsyncMap(MAP), timeoutMs,
        "mesh policy map");
  }

  /** The service's cluster lock; one that arrives after the deadline is released at once. */
  private Future<Lock> lock(ServiceName service) {
    Future<Lock> lock = vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + service.wireName(), timeoutMs);
    return Deadlines.within(vertx, lock, timeoutMs + 100, "mesh policy lock").recover(e -> {
      lock.onSuccess(Lock::release);
      return Future.failedFuture(e);
    });
  }
}
