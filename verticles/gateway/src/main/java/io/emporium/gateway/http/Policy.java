package io.emporium.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * One policy of a route: it answers the request itself, or hands it to {@code next}, at once or when
 * what it waited for completes (a Redis bucket, a level-two cache lookup). The policies of a route are
 * compiled at start into one handler ({@link RoutePipeline}) rather than mounted as one vertx-web
 * handler each, so they pass the request on by a plain call, not through the router's iteration.
 */
@FunctionalInterface
public interface Policy {
  /** Nothing to do on this route: dropped when the route's pipeline is compiled. */
  Policy NONE = (ctx, next) -> next.handle(ctx);

  void apply(RoutingContext ctx, Handler<RoutingContext> next);

  /** The policy as a router handler of its own, for routes outside the route table. */
  default Handler<RoutingContext> asHandler() {
    return ctx -> apply(ctx, RoutingContext::next);
  }

  /** A step that decides at once. */
  static Policy of(Step step) {
    return (ctx, next) -> {
      if (step.apply(ctx)) {
        next.handle(ctx);
      }
    };
  }
}
