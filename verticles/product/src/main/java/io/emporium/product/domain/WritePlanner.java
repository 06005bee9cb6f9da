package io.emporium.product.domain;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Decides, in request order, what each write of a request does against the state of the store, as if
 * the writes before it had been applied: both stores plan with this one class (PostgreSQL against the
 * rows it locked, memory against its maps), so they answer every item alike. Nothing is written here.
 */
public final class WritePlanner {
  private WritePlanner() {}

  /** What the planner needs to know about the store before the writes. */
  public interface World {
    Optional<Product> product(UUID id);

    /** The product that holds this sku (compared in lower case), if any. */
    Optional<UUID> skuOwner(String skuKey);

    boolean categoryExists(String slug);
  }

  public static String skuKey(String sku) {
    return sku.toLowerCase(Locale.ROOT);
  }

  /** The ids the writes touch (to lock them first). */
  public static Set<UUID> targetIds(List<WriteOp> ops) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (WriteOp op : ops) {
      if (op instanceof WriteOp.Update u) {
        ids.add(u.id());
      } else if (op instanceof WriteOp.Delete d) {
        ids.add(d.id());
      }
    }
    return ids;
  }

  /** The skus (lower case) the writes would take. */
  public static Set<String> skuKeys(List<WriteOp> ops) {
    Set<String> keys = new LinkedHashSet<>();
    for (WriteOp op : ops) {
      if (op instanceof WriteOp.Create c) {
        keys.add(skuKey(c.product().sku()));
      } else if (op instanceof WriteOp.Update u) {
        u.patch().sku().ifPresent(s -> keys.add(skuKey(s)));
      }
    }
    return keys;
  }

  /** The categories the writes file products under. */
  public static Set<String> categories(List<WriteOp> ops) {
    Set<String> slugs = new LinkedHashSet<>();
    for (WriteOp op : ops) {
      if (op instanceof WriteOp.Create c && c.product().category() != null) {
        slugs.add(c.product().category());
      } else if (op instanceof WriteOp.Update u) {
        u.patch().namedCategory().ifPresent(slugs::add);
      }
    }
    return slugs;
  }

  /**
   * @param field names a field of item {@code i} in errors ("sku" for a single write, "items[3].sku" in bulk)
   * @param ids new product ids
   */
  public static List<PlannedWrite> plan(WriteRequest request, World world, Instant now, Supplier<UUID> ids) {
    List<WriteOp> ops = request.ops();
    FieldNames field = request.fields();
    World checked = request.knownCategoriesOnly() ? world : new World() {
      @Override
      public Optional<Product> product(UUID id) {
        return world.product(id);
      }

      @Override
      public Optional<UUID> skuOwner(String skuKey) {
        return world.skuOwner(skuKey);
      }

      @Override
      public boolean categoryExists(String slug) {
        return true;
      }
    };
    Map<UUID, Optional<Product>> products = new HashMap<>();
    Map<String, Optional<UUID>> owners = new HashMap<>();
    List<PlannedWrite> planned = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      WriteOp op = ops.get(i);
      if (op instanceof WriteOp.Create c) {
        planned.add(create(i, c, checked, products, owners, now, ids, field));
      } else if (op instanceof WriteOp.Update u) {
        planned.add(update(i, u, checked, products, owners, now, field));
      } else if (op instanceof WriteOp.Delete d) {
        planned.add(delete(i, d, checked, products, owners, field));
      }
    }
    return planned;
  }

  /** Names the fields of item i in errors. */
  @FunctionalInterface
  public interface FieldNames {
    String of(int index, String field);

    static FieldNames single() {
      return (index, field) -> field;
    }

    static FieldNames bulk() {
      return (index, field) -> "items[" + index + "]." + field;
    }
  }

  private static PlannedWrite create(int index, WriteOp.Create c, World world, Map<UUID, Optional<Product>> products,
      Map<String, Optional<UUID>> owners, Instant now, Supplier<UUID> ids, FieldNames field) {
    NewProduct p = c.product();
    if (p.category() != null && !world.categoryExists(p.category())) {
      return PlannedWrite.failed(index, c, unknownCategory(p.category(), field.of(index, "category")));
    }
    String key = skuKey(p.sku());
    if (owner(key, world, owners).isPresent()) {
      return PlannedWrite.failed(index, c, skuTaken(field.of(index, "sku")));
    }
    Product created = new Product(ids.get(), p.sku(), p.name(), p.description(), p.price(), p.currency(),
        p.category(), List.copyOf(p.tags()), p.attributes().copy(), p.featured(), p.stock(), Product.Status.ACTIVE, 1,
        now, now);
    products.put(created.id(), Optional.of(created));
    owners.put(key, Optional.of(created.id()));
    return new PlannedWrite(index, c, Optional.empty(), Optional.of(created), Optional.empty());
  }

  private static PlannedWrite update(int index, WriteOp.Update u, World world, Map<UUID, Optional<Product>> products,
      Map<String, Optional<UUID>> owners, Instant now, FieldNames field) {
    Optional<Product> current = product(u.id(), world, products);
    if (current.isEmpty()) {
      return PlannedWrite.failed(index, u, notFound(u.id(), field.of(index, "id")));
    }
    Product before = current.get();
    if (u.expectedVersion().isPresent() && u.expectedVersion().get() != before.version()) {
      return PlannedWrite.failed(index, u, stale(before, field.of(index, "version")));
    }
    Optional<String> category = u.patch().namedCategory();
    if (category.isPresent() && !category.get().equals(before.category()) && !world.categoryExists(category.get())) {
      return PlannedWrite.failed(index, u, unknownCategory(category.get(), field.of(index, "category")));
    }
    Product after = u.patch().apply(before, now);
    String oldKey = skuKey(before.sku());
    String newKey = skuKey(after.sku());
    if (!newKey.equals(oldKey)) {
      Optional<UUID> holder = owner(newKey, world, owners);
      if (holder.isPresent() && !holder.get().equals(before.id())) {
        return PlannedWrite.failed(index, u, skuTaken(field.of(index, "sku")));
      }
      owners.put(oldKey, Optional.empty());
      owners.put(newKey, Optional.of(before.id()));
    }
    products.put(before.id(), Optional.of(after));
    return new PlannedWrite(index, u, Optional.of(before), Optional.of(after), Optional.empty());
  }

  private static PlannedWrite delete(int index, WriteOp.Delete d, World world, Map<UUID, Optional<Product>> products,
      Map<String, Optional<UUID>> owners, FieldNames field) {
    Optional<Product> current = product(d.id(), world, products);
    if (current.isEmpty()) {
      return PlannedWrite.failed(index, d, notFound(d.id(), field.of(index, "id")));
    }
    Product before = current.get();
    if (d.expectedVersion().isPresent() && d.expectedVersion().get() != before.version()) {
      return PlannedWrite.failed(index, d, stale(before, field.of(index, "version")));
    }
    products.put(before.id(), Optional.empty());
    owners.put(skuKey(before.sku()), Optional.empty());
    return new PlannedWrite(index, d, Optional.of(before), Optional.empty(), Optional.empty());
  }

  private static Optional<Product> product(UUID id, World world, Map<UUID, Optional<Product>> products) {
    Optional<Product> planned = products.get(id);
    return planned != null ? planned : world.product(id);
  }

  private static Optional<UUID> owner(String key, World world, Map<String, Optional<UUID>> owners) {
    Optional<UUID> planned = owners.get(key);
    return planned != null ? planned : world.skuOwner(key);
  }

  public static ServiceError skuTaken(String field) {
    return new ServiceError(ErrorCode.CONFLICT, "a product with this sku exists", field);
  }

  static ServiceError notFound(UUID id, String field) {
    return new ServiceError(ErrorCode.NOT_FOUND, "no product with id " + id, field);
  }

  static ServiceError stale(Product current, String field) {
    return new ServiceError(ErrorCode.PRECONDITION_FAILED,
        "the product has changed: it is at version " + current.version(), field);
  }

  static ServiceError unknownCategory(String slug, String field) {
    return ServiceError.invalid(field, "unknown category '" + slug + "'");
  }
}
