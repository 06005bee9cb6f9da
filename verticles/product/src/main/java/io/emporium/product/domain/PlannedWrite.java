package io.emporium.product.domain;

import io.emporium.contract.ServiceError;
import java.util.Optional;

/**
 * What one write does, decided before anything is written: the product before (empty for a create)
 * and after (empty for a delete), or why it cannot be done.
 */
public record PlannedWrite(int index, WriteOp op, Optional<Product> before, Optional<Product> after,
    Optional<ServiceError> error) {

  static PlannedWrite failed(int index, WriteOp op, ServiceError error) {
    return new PlannedWrite(index, op, Optional.empty(), Optional.empty(), Optional.of(error));
  }

  public boolean ok() {
    return error.isEmpty();
  }

  /** An update that would change nothing: answered, but neither written nor recorded. */
  public boolean unchanged() {
    return ok() && before.isPresent() && after.isPresent() && before.get().equals(after.get());
  }

  public boolean isCreate() {
    return ok() && before.isEmpty();
  }

  public boolean isUpdate() {
    return ok() && before.isPresent() && after.isPresent() && !unchanged();
  }

  public boolean isDelete() {
    return ok() && after.isEmpty() && before.isPresent();
  }

  /** The status of a successful write: 201 created, 200 updated (or unchanged), 204 deleted. */
  public int successStatus() {
    return isCreate() ? 201 : isDelete() ? 204 : 200;
  }

  public PlannedWrite failedWith(ServiceError e) {
    return new PlannedWrite(index, op, before, Optional.empty(), Optional.of(e));
  }
}
