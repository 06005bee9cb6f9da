package io.emporium.product.domain;

import java.util.Optional;
import java.util.UUID;

/** One write of a single or bulk request. Updates and deletes may name the version they expect. */
public sealed interface WriteOp {

  String wireName();

  record Create(NewProduct product) implements WriteOp {
    @Override
    public String wireName() {
      return "create";
    }
  }

  record Update(UUID id, ProductPatch patch, Optional<Long> expectedVersion) implements WriteOp {
    @Override
    public String wireName() {
      return "update";
    }
  }

  record Delete(UUID id, Optional<Long> expectedVersion) implements WriteOp {
    @Override
    public String wireName() {
      return "delete";
    }
  }
}
