package io.emporium.gateway.outbox;

import static io.emporium.gateway.http.ApiRoute.get;

import io.emporium.contract.Action;
import io.emporium.contract.ProductAction;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.gateway.http.Access;
import io.emporium.gateway.http.ApiRoute;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.routes.Replies;
import io.emporium.gateway.security.CallContexts;
import io.emporium.platform.mesh.CallContext;
import io.emporium.platform.mesh.MeshClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/queue/stats}: each service keeps its own outbox, so the gateway asks every service
 * for its figures at once through the mesh (each call bounded by that service's mesh timeout) and
 * answers them together, saying which could not be read ({@link OutboxReport}).
 */
public final class QueueStatsRoute {
  private final MeshClient mesh;

  public QueueStatsRoute(MeshClient mesh) {
    this.mesh = mesh;
  }

  public List<ApiRoute> routes() {
    return List.of(get("/api/queue/stats", Access.ADMIN, this::stats));
  }

  /** A new service fails to compile here until its outbox is read too. */
  static Action queueStats(ServiceName service) {
    return switch (service) {
      case USER -> UserAction.QUEUE_STATS;
      case PRODUCT -> ProductAction.ADMIN_QUEUE_STATS;
      case ORDER -> io.emporium.contract.OrderAction.ADMIN_QUEUE_STATS;
    };
  }

  private void stats(RoutingContext ctx) {
    CallContext caller = CallContexts.of(ctx);
    List<Future<OutboxReport.Read>> reads = new ArrayList<>();
    for (ServiceName service : ServiceName.values()) {
      reads.add(mesh.call(queueStats(service), new JsonObject(), caller)
          .map(stats -> OutboxReport.Read.of(service, stats))
          .otherwise(e -> OutboxReport.Read.failed(service, ServiceError.from(e))));
    }
    Future.all(reads).onSuccess(all -> {
      OutboxReport.Outcome outcome = OutboxReport.of(all.<OutboxReport.Read>list());
      if (outcome instanceof OutboxReport.Report report) {
        Replies.send(ctx, 200, report.body());
      } else if (outcome instanceof OutboxReport.Refusal refusal) {
        Problems.send(ctx, refusal.error());
      }
    });
  }
}
