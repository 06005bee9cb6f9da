package io.emporium.gateway.security;

import io.emporium.gateway.http.ClientAddresses;
import io.emporium.gateway.http.RequestIds;
import io.emporium.platform.mesh.CallContext;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The identity and correlation a gateway passes on the bus for one HTTP request. */
public final class CallContexts {
  /** Lets a tester pin a traffic-split variant (version) for one request. */
  public static final String VARIANT_HEADER = "X-Emporium-Variant";
  /** Asks for a service's canary version; the canary takes the request only if its policy allows that. */
  public static final String CANARY_HEADER = "X-Emporium-Canary";

  private CallContexts() {}

  /** The caller comes only from the verified token that {@link Authentication} stored. */
  public static CallContext of(RoutingContext ctx) {
    CallContext context = CallContext.anonymous(RequestIds.of(ctx))
        .withClient(ClientAddresses.of(ctx), ctx.request().getHeader(HttpHeaders.USER_AGENT))
        .withForcedVariant(ctx.request().getHeader(VARIANT_HEADER))
        .withCanary(ctx.request().getHeader(CANARY_HEADER));
    return Authentication.identity(ctx)
        .map(identity -> context.withCaller(identity.userId(), identity.roles()))
        .orElse(context);
  }
}
