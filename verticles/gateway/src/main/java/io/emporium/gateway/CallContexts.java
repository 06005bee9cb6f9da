package io.emporium.gateway;

import io.emporium.platform.mesh.CallContext;
import io.vertx.ext.web.RoutingContext;

/** The identity and correlation a gateway passes on the bus for one HTTP request. */
final class CallContexts {
  private CallContexts() {}

  /** Identity comes only from a verified token (the identity issue adds it); until then callers are anonymous. */
  static CallContext of(RoutingContext ctx) {
    return CallContext.anonymous(RequestIds.of(ctx));
  }
}
