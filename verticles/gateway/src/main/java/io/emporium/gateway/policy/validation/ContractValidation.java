package io.emporium.gateway.policy.validation;

import io.emporium.contract.ErrorCode;
import io.emporium.gateway.http.Policy;
import io.emporium.gateway.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Checks a request against its operation in the OpenAPI document before the cache and the service see
 * it: 415 when the body is not JSON, 400 {@code VALIDATION} naming the first field at fault in {@code field}
 * and every one in {@code errors} ({@code [{"field", "in", "detail"}]}, at most {@value #MAX_ERRORS}).
 */
public final class ContractValidation implements Handler<RoutingContext>, Policy {
  static final int MAX_ERRORS = 25;

  private final OperationRules rules;

  ContractValidation(OperationRules rules) {
    this.rules = rules;
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx, RoutingContext::next);
  }

  @Override
  public void apply(RoutingContext ctx, Handler<RoutingContext> next) {
    if (!rules.acceptsContentType(ctx)) {
      Problems.send(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json", "Content-Type");
      return;
    }
    List<Violation> violations = rules.check(ctx);
    if (violations.isEmpty()) {
      next.handle(ctx);
      return;
    }
    JsonArray errors = new JsonArray();
    violations.stream().limit(MAX_ERRORS).forEach(v -> errors.add(v.toJson()));
    Problems.send(ctx, 400, ErrorCode.VALIDATION.name(), detail(violations), violations.get(0).field(), errors);
  }

  /**
   * For the cache lane: whether a plain request (no query string, no body, no header the operation
   * declares) whose one path parameter is {@code value} passes this check; false sends it to the router.
   */
  public boolean acceptsPlain(String value) {
    return rules.acceptsPlain(value);
  }

  private static String detail(List<Violation> violations) {
    String first = violations.get(0).detail();
    int more = violations.size() - 1;
    if (more == 0) {
      return first;
    }
    return first + " (and " + more + " more " + (more == 1 ? "field" : "fields") + " at fault"
        + (violations.size() > MAX_ERRORS ? "; errors lists the first " + MAX_ERRORS : ", see errors") + ")";
  }
}
