package io.emporium.gateway.policy.shaping;

import io.emporium.contract.ServiceError;
import io.emporium.gateway.http.Problems;
import io.emporium.gateway.http.Step;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fields=id,name,price}: the answer keeps only those top-level fields (of each item, for a
 * list). The parameter is the gateway's, so it is taken off the query before the route reads it (the
 * services refuse parameters they do not know); the cache key still holds it.
 */
public final class FieldSelection implements Handler<RoutingContext>, Step {
  public static final String PARAMETER = "fields";
  private static final String KEY = "emporium.fields";
  private static final int MAX_FIELDS = 50;

  @Override
  public boolean apply(RoutingContext ctx) {
    List<String> given = ctx.queryParams().getAll(PARAMETER);
    if (given.isEmpty()) {
      return true;
    }
    if (given.size() > 1) {
      Problems.send(ctx, ServiceError.invalid(PARAMETER, "fields is given more than once"));
      return false;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (String name : given.get(0).split(",")) {
      String field = name.trim();
      if (!field.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
        Problems.send(ctx, ServiceError.invalid(PARAMETER,
            "fields is a comma-separated list of field names, e.g. fields=id,name,price"));
        return false;
      }
      fields.add(field);
    }
    if (fields.size() > MAX_FIELDS) {
      Problems.send(ctx, ServiceError.invalid(PARAMETER, "fields names at most " + MAX_FIELDS + " fields"));
      return false;
    }
    ctx.queryParams().remove(PARAMETER);
    ctx.put(KEY, fields);
    return true;
  }
  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) {
      ctx.next();
    }
  }


  /** The selection of this request, for the cache key. */
  public static Optional<Set<String>> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  /** The answer with only the selected fields (of each item in a list envelope). */
  public static JsonObject apply(RoutingContext ctx, JsonObject reply) {
    Set<String> fields = ctx.get(KEY);
    if (fields == null) {
      return reply;
    }
    if (reply.getValue("items") instanceof JsonArray items) {
      JsonArray selected = new JsonArray();
      items.forEach(item -> selected.add(item instanceof JsonObject o ? select(o, fields) : item));
      return reply.copy().put("items", selected);
    }
    return select(reply, fields);
  }

  private static JsonObject select(JsonObject object, Set<String> fields) {
    JsonObject out = new JsonObject();
    fields.forEach(field -> {
      if (object.containsKey(field)) {
        out.put(field, object.getValue(field));
      }
    });
    return out;
  }
}
