package io.emporium.platform.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** One page of a listing; pages count from 1. The list envelope every service answers with. */
public record Page<T>(List<T> items, int page, int size, long total) {

  public Page {
    items = List.copyOf(items);
  }

  /** The list envelope of the contract: {"items","page","size","total"}. */
  public JsonObject toJson(Function<T, JsonObject> item) {
    return new JsonObject()
        .put("items", new JsonArray(items.stream().map(item).toList()))
        .put("page", page)
        .put("size", size)
        .put("total", total);
  }
}
