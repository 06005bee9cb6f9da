package io.emporium.gateway.policy.validation;

import io.emporium.gateway.policy.shaping.FieldSelection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the contract says one operation takes, compiled once at start: a rule per declared parameter
 * (path first, then query, then headers), the names of the query parameters it declares (any other is
 * refused: a misspelt filter must not pass silently), and its body. {@link #check} lists every field at
 * fault, not only the first.
 */
final class OperationRules {
  private static final List<Location> ORDER = List.of(Location.PATH, Location.QUERY, Location.HEADER);

  private final List<ParameterRule> pathAndQuery;
  private final List<ParameterRule> headers;
  private final Set<String> queryNames;
  private final String declaredQuery;
  private final Optional<BodyRule> body;
  private final Optional<Set<String>> answerFields;
  private final Optional<ParameterRule> plainPath;

  private OperationRules(List<ParameterRule> parameters, Optional<BodyRule> body, Optional<Set<String>> answerFields) {
    this.answerFields = answerFields;
    this.pathAndQuery = parameters.stream().filter(p -> p.location() != Location.HEADER).toList();
    this.headers = parameters.stream().filter(p -> p.location() == Location.HEADER).toList();
    this.queryNames = parameters.stream().filter(p -> p.location() == Location.QUERY).map(ParameterRule::name)
        .collect(Collectors.toUnmodifiableSet());
    this.declaredQuery = queryNames.isEmpty() ? "none" : String.join(", ", new TreeSet<>(queryNames));
    this.body = body;
    this.plainPath = plainPath(pathAndQuery, headers, body);
  }

  /**
   * @param routePath the route's path in vertx-web's form ({@code /api/products/:id}): its parameters must
   *     be the operation's path parameters, or the start fails
   */
  static OperationRules of(Operation operation, String routePath, SchemaRepository schemas, JsonObject document) {
    List<ParameterRule> rules = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      rules.add(ParameterRule.of(operation.getOperationId(), parameter, schemas));
    }
    rules.sort(Comparator.comparingInt(rule -> ORDER.indexOf(rule.location())));
    Set<String> documented = rules.stream().filter(r -> r.location() == Location.PATH).map(ParameterRule::name)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> routed = java.util.Arrays.stream(routePath.split("/")).filter(s -> s.startsWith(":"))
        .map(s -> s.substring(1)).collect(Collectors.toCollection(TreeSet::new));
    if (!documented.equals(routed)) {
      throw new IllegalStateException(operation.getOperationId() + ": the document's path parameters " + documented
          + " are not the route's " + routed + " (" + routePath + ")");
    }
    return new OperationRules(List.copyOf(rules),
        Optional.ofNullable(operation.getRequestBody()).map(b -> BodyRule.of(operation.getOperationId(), b, schemas)),
        AnswerFields.of(document, operation.getHttpMethod().name(), operation.getOpenAPIPath()));
  }

  /** False when the operation takes a JSON body and the request says it sends something else. */
  boolean acceptsContentType(RoutingContext ctx) {
    return body.map(b -> (!b.required() && !b.hasBody(ctx)) || b.acceptsContentType(ctx)).orElse(true);
  }

  /**
   * Whether a request with no query string, no body and none of the operation's headers, whose one path
   * parameter is {@code value}, matches: what {@link #check} would find nothing wrong with. False for an
   * operation with more than one path parameter or a required query parameter, header or body.
   */
  boolean acceptsPlain(String value) {
    return plainPath.isPresent() && plainPath.get().check(value).isEmpty();
  }

  /** The one path parameter of an operation that a plain request can match, else empty ({@link #acceptsPlain}). */
  private static Optional<ParameterRule> plainPath(List<ParameterRule> pathAndQuery, List<ParameterRule> headers,
      Optional<BodyRule> body) {
    List<ParameterRule> path = pathAndQuery.stream().filter(rule -> rule.location() == Location.PATH).toList();
    boolean plain = path.size() == 1 && body.isEmpty()
        && pathAndQuery.stream().noneMatch(rule -> rule.location() != Location.PATH && rule.required())
        && headers.stream().noneMatch(ParameterRule::required);
    return plain ? Optional.of(path.get(0)) : Optional.empty();
  }

  /** Every field at fault, in the order path, query, headers, body; empty when the request matches. */
  List<Violation> check(RoutingContext ctx) {
    List<Violation> violations = new ArrayList<>(0);
    for (ParameterRule rule : pathAndQuery) {
      rule.check(ctx).ifPresent(violations::add);
    }
    unknownQueryParameters(ctx, violations);
    unknownSelectedFields(ctx, violations);
    for (ParameterRule rule : headers) {
      rule.check(ctx).ifPresent(violations::add);
    }
    body.ifPresent(b -> violations.addAll(b.check(ctx)));
    return violations;
  }

  /** {@code fields=} may name only fields the answer has: a misspelt one would silently select nothing. */
  private void unknownSelectedFields(RoutingContext ctx, List<Violation> violations) {
    if (answerFields.isEmpty()) {
      return;
    }
    FieldSelection.of(ctx).ifPresent(selected -> {
      List<String> unknown = selected.stream().filter(name -> !answerFields.get().contains(name)).toList();
      if (!unknown.isEmpty()) {
        violations.add(new Violation(FieldSelection.PARAMETER, "query", "fields names "
            + unknown.stream().map(name -> "'" + Violation.shorten(name) + "'").collect(Collectors.joining(", "))
            + (unknown.size() == 1 ? ", which is not a field" : ", which are not fields") + " of this route's answer; its fields are: "
            + String.join(", ", new TreeSet<>(answerFields.get()))));
      }
    });
  }

  private void unknownQueryParameters(RoutingContext ctx, List<Violation> violations) {
    if (ctx.queryParams().isEmpty()) {
      return;
    }
    for (String name : ctx.queryParams().names()) {
      if (!queryNames.contains(name)) {
        violations.add(new Violation(name, "query", Violation.shorten(name)
            + " is not a query parameter of this route; its query parameters are: " + declaredQuery));
      }
    }
  }
}
