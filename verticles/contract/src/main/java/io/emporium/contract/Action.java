package io.emporium.contract;

/**
 * An operation a service answers on the event bus. The wire name travels in the {@link Headers#ACTION}
 * header. Only idempotent actions may be retried by callers (the mesh retries nothing else).
 */
public sealed interface Action permits ProductAction, UserAction, OrderAction {

  ServiceName service();

  String wireName();

  boolean idempotent();

  /**
   * True when the action changes nothing. Only such actions may be hedged or mirrored: an idempotent
   * write (a reservation by its id) sent twice at once takes two transactions, and a mirrored one would
   * let a shadow version write the real stock.
   */
  boolean readOnly();
}
