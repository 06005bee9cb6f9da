package io.emporium.platform.audit;

import java.util.Optional;

/**
 * What an audit entry says was done: each service's own enum of the actions it records implements it
 * (the user service's sign-ins and account changes, the product service's catalogue and stock changes).
 * The name is what is stored and what admins filter on.
 */
public interface AuditedAction {

  String name();

  /**
   * The kind of thing {@code targetId} identifies ({@code product}, {@code reservation} ...), for a log of
   * changes to entities, whose entries then also keep the states before and after; empty for a log of
   * events (a sign-in), whose entries have neither.
   */
  default Optional<String> entity() {
    return Optional.empty();
  }
}
