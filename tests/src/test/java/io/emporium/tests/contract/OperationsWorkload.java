package io.emporium.tests.contract;

import io.vertx.core.json.JsonObject;

/**
 * The operations routes: health and probes, metrics, the gateway's statistics and rate limits, the mesh's
 * view and policies; and, on a gateway alone (no service, metrics off), what clients get while the services
 * are away: 503 from every service route, health and readiness, and 404 from the metrics.
 */
final class OperationsWorkload {
  private OperationsWorkload() {}

  /** On the whole system. */
  static void run(Api api, String admin, String user) {
    api.send(Call.of("GET /api/health").expect(200));
    api.send(Call.of("GET /api/health").header("Authorization", "Basic YWRtaW46YWRtaW4=").expect(401));
    api.send(Call.of("GET /api/health/live").expect(200));
    api.send(Call.of("GET /api/health/ready").expect(200));

    api.send(Call.of("GET /api/mesh/stats").token(admin).expect(200));
    api.send(Call.of("GET /api/mesh/stats").token(user).expect(403));
    api.send(Call.of("GET /api/admin/mesh/services/{name}/policy").token(admin)
        .at("/api/admin/mesh/services/product/policy").expect(200));
    api.send(Call.of("GET /api/admin/mesh/services/{name}/policy").token(admin)
        .at("/api/admin/mesh/services/orders/policy").expect(404));
    api.send(Call.of("PUT /api/admin/mesh/services/{name}/policy").token(admin)
        .at("/api/admin/mesh/services/product/policy").json(new JsonObject().put("strategy", "fastest")).expect(400));

    api.send(Call.of("GET /api/gateway/stats").token(admin).expect(200));
    api.send(Call.of("GET /api/cache/stats").token(admin).expect(200));
    api.send(Call.of("GET /api/cache/stats").expect(401));
    api.send(Call.of("GET /api/admin/gateway/rate-limits").token(admin).expect(200));
    api.send(Call.of("PUT /api/admin/gateway/rate-limits").token(admin)
        .json(new JsonObject().put("policies", new JsonObject())).expect(400));
    api.send(Call.of("PUT /api/admin/gateway/rate-limits").token(admin).body("text/plain", "{}").expect(415));

    api.send(Call.of("GET /metrics").token(admin).expect(200));
    api.send(Call.of("GET /metrics").expect(401));
    api.send(Call.of("GET /metrics").token(user).expect(403));
    api.send(Call.of("GET /api/metrics/summary").token(admin).expect(200));
    api.send(Call.of("GET /api/metrics/summary").token(user).expect(403));
  }

  /** On a gateway without services and with metrics off. */
  static void withoutServices(Api api, String admin) {
    api.send(Call.of("GET /api/health/live").expect(200));
    api.send(Call.of("GET /api/health/ready").expect(503));
    api.send(Call.of("GET /api/health").expect(503));
    api.send(Call.of("GET /api/products").expect(503));
    api.send(Call.of("GET /api/products/{id}").at("/api/products/3fa85f64-5717-4562-b3fc-2c963f66afa6").expect(503));
    api.send(Call.of("POST /api/auth/login").json(new JsonObject().put("email", "nobody@contract.test")
        .put("password", IdentityWorkload.USER_PASSWORD)).expect(503));
    api.send(Call.of("GET /api/admin/users").token(admin).expect(503));
    api.send(Call.of("GET /metrics").token(admin).expect(404));
    api.send(Call.of("GET /api/metrics/summary").token(admin).expect(404));
  }
}
