package io.emporium.user.actions;

import io.emporium.contract.ServiceError;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** The user service's decisions: validates what callers send and asks the account store. */
public final class UserService {
  private final AccountStore accounts;

  public UserService(AccountStore accounts) {
    this.accounts = accounts;
  }

  /** {"id": uuid} -> the public user; never the password hash. */
  public Future<JsonObject> get(ServiceRequest request) {
    UUID id = RequestBody.ignoringOtherFields(request.body()).requiredUuid("id");
    return accounts.findById(id).compose(found -> found
        .map(u -> Future.succeededFuture(u.toPublicJson()))
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound("no user with id " + id).toException())));
  }
}
