package io.emporium.product;

import io.emporium.platform.contract.ServiceError;
import io.emporium.platform.service.RequestFields;
import io.emporium.platform.service.ServiceRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** The product service's decisions: validates what callers send and asks the repository. */
public final class ProductService {
  private final ProductRepository repository;

  public ProductService(ProductRepository repository) {
    this.repository = repository;
  }

  public Future<JsonObject> get(ServiceRequest request) {
    UUID id = RequestFields.uuid(request.body(), "id");
    return repository.findById(id).compose(found -> found
        .map(p -> Future.succeededFuture(p.toJson()))
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound("no product with id " + id).toException())));
  }
}
