package io.emporium.product.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.product.domain.CategoryTree;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.store.ProductRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The public reads: a product, listings, search, featured products and the category tree. */
public final class CatalogueActions {
  private final ProductRepository repository;
  private final Optional<String> catalogueCurrency;

  /** @param catalogueCurrency the catalogue's one currency, when configured */
  public CatalogueActions(ProductRepository repository, Optional<String> catalogueCurrency) {
    this.repository = repository;
    this.catalogueCurrency = catalogueCurrency;
  }

  /** {"id"} -> the product. */
  public Future<JsonObject> get(ServiceRequest request) {
    UUID id = RequestBody.of(request.body(), Set.of("id")).requiredUuid("id");
    return repository.findById(id)
        .compose(found -> ProductRepository.found(found, "no product with id " + id))
        .map(p -> p.toJson());
  }

  public Future<JsonObject> list(ServiceRequest request) {
    return find(QueryInput.parse(request.body(), QueryInput.Kind.LIST, catalogueCurrency));
  }

  public Future<JsonObject> search(ServiceRequest request) {
    return find(QueryInput.parse(request.body(), QueryInput.Kind.SEARCH, catalogueCurrency));
  }

  public Future<JsonObject> featured(ServiceRequest request) {
    return find(QueryInput.parse(request.body(), QueryInput.Kind.FEATURED, catalogueCurrency));
  }

  /** {} -> {"items": the category tree with product counts}. */
  public Future<JsonObject> categories(ServiceRequest request) {
    RequestBody.of(request.body(), Set.of());
    return repository.categories().map(all -> new JsonObject().put("items", CategoryTree.toJson(all)));
  }

  /** {"slug"} -> the category's node of the tree (what {@code Location} of a created category names). */
  public Future<JsonObject> category(ServiceRequest request) {
    RequestBody body = RequestBody.of(request.body(), Set.of("slug"));
    String slug = body.string("slug").orElseThrow(() -> body.invalid("slug", "slug is required"));
    return repository.categories().compose(all -> CategoryTree.find(CategoryTree.toJson(all), slug)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceError.of(ErrorCode.NOT_FOUND, "no category " + slug).toException())));
  }

  private Future<JsonObject> find(ProductQuery query) {
    return repository.find(query).map(found -> QueryInput.envelope(query, found));
  }
}
