package io.emporium.product.domain;

import io.emporium.product.domain.WritePlanner.FieldNames;
import java.util.List;

/**
 * Writes to apply together, and how: {@code atomic} (one failure and none is applied), how item fields
 * are named in errors, and whether a product's category must be in the tree (admin changes: yes;
 * tools that load rows as they come, such as tests and imports, may file products under any slug,
 * which the tree then ignores, like rows other tools wrote directly).
 */
public record WriteRequest(List<WriteOp> ops, boolean atomic, FieldNames fields, boolean knownCategoriesOnly) {
  public WriteRequest {
    ops = List.copyOf(ops);
  }

  public static WriteRequest single(WriteOp op) {
    return new WriteRequest(List.of(op), true, FieldNames.single(), true);
  }

  public static WriteRequest bulk(List<WriteOp> ops, boolean atomic, FieldNames fields) {
    return new WriteRequest(ops, atomic, fields, true);
  }

  public WriteRequest anyCategory() {
    return new WriteRequest(ops, atomic, fields, false);
  }
}
