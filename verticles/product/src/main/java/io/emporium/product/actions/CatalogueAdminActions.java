package io.emporium.product.actions;

import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.service.Callers;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.audit.AuditAction;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.PlannedWrite;
import io.emporium.product.domain.ProductPatch;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WriteOutcome;
import io.emporium.product.domain.WriteRequest;
import io.emporium.product.store.ProductRepository;
import io.emporium.product.store.Recorder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What admins do to the catalogue: products (one or in bulk), the featured flag, categories, the audit log. */
public final class CatalogueAdminActions {
  public static final int MAX_BULK = 1_000;
  private static final Set<String> ENTITIES = Set.of("product", "reservation", "category");

  private final ProductRepository repository;
  private final Optional<String> currency;
  private final int lowStockThreshold;

  public CatalogueAdminActions(ProductRepository repository, Optional<String> currency, int lowStockThreshold) {
    this.repository = repository;
    this.currency = currency;
    this.lowStockThreshold = lowStockThreshold;
  }

  /** admin: product fields -> the product, version 1. */
  public Future<JsonObject> create(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), ProductInput.FIELDS);
    return repository.create(ProductInput.create(body, currency), Instant.now(), recorder(request))
        .map(p -> p.toJson());
  }

  /** admin: {"id","version", fields to change} -> the product (a new version unless nothing changed). */
  public Future<JsonObject> update(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), with(ProductInput.FIELDS, "id", "version"));
    UUID id = body.requiredUuid("id");
    long version = body.integer("version", 1, Long.MAX_VALUE)
        .orElseThrow(() -> body.invalid("version", "version is required (the version you read, or If-Match)"));
    ProductPatch patch = ProductInput.patch(body, currency);
    return repository.update(id, patch, Optional.of(version), Instant.now(), recorder(request)).map(p -> p.toJson());
  }

  /** admin: {"id","version"?} -> {}. */
  public Future<JsonObject> delete(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("id", "version"));
    UUID id = body.requiredUuid("id");
    Optional<Long> version = body.integer("version", 1, Long.MAX_VALUE);
    return repository.delete(id, version, Instant.now(), recorder(request)).map(p -> new JsonObject());
  }

  /** admin: {"id","featured"} -> the product. */
  public Future<JsonObject> setFeatured(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("id", "featured"));
    UUID id = body.requiredUuid("id");
    boolean featured = body.bool("featured").orElseThrow(() -> body.invalid("featured", "featured is required"));
    return repository.update(id, ProductPatch.featured(featured), Optional.empty(), Instant.now(), recorder(request))
        .map(p -> p.toJson());
  }

  /**
   * admin: {"atomic"?,"items":[...]} -> {"atomic","applied","succeeded","failed","results"}. Each item is
   * {"op":"create", fields}, {"op":"update","id","version", fields} or {"op":"delete","id","version"?};
   * each gets {"index","op","status"} with "id" and "version" when it succeeded, "error" when not.
   */
  public Future<JsonObject> bulk(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("atomic", "items"));
    boolean atomic = body.bool("atomic").orElse(false);
    JsonArray items = body.array("items").orElseThrow(() -> body.invalid("items", "items is required"));
    if (items.isEmpty() || items.size() > MAX_BULK) {
      throw body.invalid("items", "items must have 1 to " + MAX_BULK + " entries");
    }
    BulkItem[] parsed = new BulkItem[items.size()];
    List<WriteOp> ops = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      parsed[i] = BulkItem.parse(items.getValue(i), i, seen, currency);
      if (parsed[i].write().isPresent()) {
        ops.add(parsed[i].write().get());
        positions.add(i);
      }
    }
    boolean invalid = ops.size() < parsed.length;
    Future<WriteOutcome> outcome = ops.isEmpty() || (atomic && invalid)
        ? Future.succeededFuture(new WriteOutcome(List.of(), false))
        : repository.write(WriteRequest.bulk(ops, atomic,
            (index, field) -> "items[" + positions.get(index) + "]." + field), Instant.now(), recorder(request));
    return outcome.map(o -> BulkItem.results(parsed, positions, o, atomic, atomic && invalid));
  }

  /** admin: {"slug","name","parent"?} -> the category. */
  public Future<JsonObject> createCategory(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("slug", "name", "parent"));
    String slug = slug(body, "slug").orElseThrow(() -> body.invalid("slug", "slug is required"));
    String name = body.requiredString("name").strip();
    if (name.isEmpty() || name.length() > Category.MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw body.invalid("name", "name must be 1-" + Category.MAX_NAME + " characters");
    }
    Optional<String> parent = body.isNull("parent") ? Optional.empty() : slug(body, "parent");
    return repository.createCategory(new Category(slug, name, parent), recorder(request)).map(Category::toJson);
  }

  /** admin: {"slug"} -> {}. */
  public Future<JsonObject> deleteCategory(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("slug"));
    String slug = slug(body, "slug").orElseThrow(() -> body.invalid("slug", "slug is required"));
    return repository.deleteCategory(slug, recorder(request)).map(v -> new JsonObject());
  }

  /**
   * admin: {"page"?,"size"?,"actor"?,"action"?,"target"?,"entity"?,"from"?,"to"?} -> {"items","page","size",
   * "total"}, newest first. page and size may be numbers or their text; from/to are ISO instants or dates.
   */
  public Future<JsonObject> audit(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody body = RequestBody.of(request.body(), Set.of("page", "size", "actor", "action", "target", "entity", "from", "to"));
    int page = body.parameterInteger("page", 1, 1_000_000).map(Long::intValue).orElse(1);
    int size = body.parameterInteger("size", 1, 100).map(Long::intValue).orElse(20);
    Optional<UUID> actor = body.uuid("actor");
    Optional<AuditAction> action = body.string("action").map(a -> AuditAction.fromName(a)
        .orElseThrow(() -> body.invalid("action", "action must be one of " + Arrays.toString(AuditAction.values()))));
    Optional<String> target = body.string("target").map(t -> {
      if (t.isEmpty() || t.length() > 100) {
        throw body.invalid("target", "target must be an id or a category slug");
      }
      return t;
    });
    Optional<String> entity = body.string("entity").map(e -> {
      if (!ENTITIES.contains(e)) {
        throw body.invalid("entity", "entity must be product, reservation or category");
      }
      return e;
    });
    Optional<Instant> from = body.string("from").map(f -> instant(f, body, "from"));
    Optional<Instant> to = body.string("to").map(t -> instant(t, body, "to"));
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw body.invalid("from", "from must not be after to");
    }
    return repository.audit(new AuditQuery<>(page, size, actor, action, target, entity, from, to))
        .map(p -> p.toJson(AuditRecord::toJson));
  }

  /** admin: {} -> the outbox's counts. */
  public Future<JsonObject> queueStats(ServiceRequest request) {
    Callers.requireAdmin(request);
    RequestBody.of(request.body(), Set.of());
    return repository.outbox().stats().map(s -> s.toJson());
  }

  private Recorder recorder(ServiceRequest request) {
    return Recorder.of(request, lowStockThreshold);
  }

  private static Optional<String> slug(RequestBody body, String field) {
    return body.string(field).map(s -> {
      if (s.length() > Category.MAX_SLUG || !Category.SLUG.matcher(s).matches()) {
        throw body.invalid(field, field + " must be a slug: lower-case letters and digits, words joined by '-'");
      }
      return s;
    });
  }

  private static Instant instant(String value, RequestBody body, String field) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw body.invalid(field, field + " must be an ISO instant (2026-11-25T10:00:00Z) or date");
    }
  }

  static Set<String> with(Set<String> base, String... more) {
    Set<String> all = new HashSet<>(base);
    all.addAll(Arrays.asList(more));
    return all;
  }

  /** One item of a bulk request: its write, or why it cannot be one. */
  record BulkItem(int index, String opName, Optional<WriteOp> write, Optional<ServiceError> error) {

    static BulkItem parse(Object raw, int index, Set<UUID> seen, Optional<String> catalogueCurrency) {
      String prefix = "items[" + index + "].";
      String opName = "?";
      try {
        if (!(raw instanceof JsonObject item)) {
          throw ServiceError.invalid("items[" + index + "]", "each item must be a JSON object").toException();
        }
        if (!(item.getValue("op") instanceof String name)) {
          throw ServiceError.invalid(prefix + "op", "op must be create, update or delete").toException();
        }
        opName = name;
        WriteOp op = switch (name) {
          case "create" -> new WriteOp.Create(ProductInput.create(RequestBody.of(item, with(ProductInput.FIELDS, "op"),
              prefix), catalogueCurrency));
          case "update" -> {
            RequestBody body = RequestBody.of(item, with(ProductInput.FIELDS, "op", "id", "version"), prefix);
            UUID id = once(body.requiredUuid("id"), seen, body);
            long version = body.integer("version", 1, Long.MAX_VALUE)
                .orElseThrow(() -> body.invalid("version", prefix + "version is required"));
            yield new WriteOp.Update(id, ProductInput.patch(body, catalogueCurrency), Optional.of(version));
          }
          case "delete" -> {
            RequestBody body = RequestBody.of(item, Set.of("op", "id", "version"), prefix);
            UUID id = once(body.requiredUuid("id"), seen, body);
            yield new WriteOp.Delete(id, body.integer("version", 1, Long.MAX_VALUE));
          }
          default -> throw ServiceError.invalid(prefix + "op", "op must be create, update or delete").toException();
        };
        return new BulkItem(index, name, Optional.of(op), Optional.empty());
      } catch (ServiceException invalid) {
        return new BulkItem(index, opName, Optional.empty(), Optional.of(invalid.error()));
      }
    }

    private static UUID once(UUID id, Set<UUID> seen, RequestBody body) {
      if (!seen.add(id)) {
        throw body.invalid("id", "a product may appear only once in a bulk request");
      }
      return id;
    }

    static JsonObject results(BulkItem[] items, List<Integer> positions, WriteOutcome outcome, boolean atomic,
        boolean invalidAtomic) {
      Map<Integer, PlannedWrite> planned = new HashMap<>();
      for (PlannedWrite p : outcome.items()) {
        planned.put(positions.get(p.index()), p);
      }
      boolean applied = outcome.applied() && !invalidAtomic;
      int succeeded = 0;
      int failed = 0;
      JsonArray results = new JsonArray();
      for (BulkItem item : items) {
        JsonObject result = new JsonObject().put("index", item.index()).put("op", item.opName());
        Optional<ServiceError> error = item.error().or(() -> Optional.ofNullable(planned.get(item.index()))
            .flatMap(PlannedWrite::error));
        if (error.isPresent()) {
          failed++;
          result.put("status", error.get().code().httpStatus()).put("error", error.get().toJson());
        } else if (!applied) {
          result.put("status", 424).put("error", new JsonObject().put("code", "NOT_APPLIED")
              .put("message", "not applied: another item of this atomic request failed"));
        } else {
          succeeded++;
          PlannedWrite p = planned.get(item.index());
          result.put("status", p.successStatus());
          p.after().or(p::before).ifPresent(product -> result.put("id", product.id().toString())
              .put("version", product.version()));
        }
        results.add(result);
      }
      return new JsonObject().put("atomic", atomic).put("applied", applied).put("succeeded", succeeded)
          .put("failed", failed).put("results", results);
    }
  }
}
