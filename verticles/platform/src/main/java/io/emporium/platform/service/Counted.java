package io.emporium.platform.service;

import io.emporium.contract.ServiceError;
import java.util.function.Consumer;

/** Wraps an action's handler so that its outcome is counted (business metrics: sign-ups, logins, stock ...). */
public final class Counted {
  private Counted() {}

  /** Counts each success of the handler. */
  public static ActionHandler onSuccess(ActionHandler handler, Runnable count) {
    return request -> handler.handle(request).onSuccess(reply -> count.run());
  }

  /** Counts each success, and passes each failure (as its contract error) to {@code failure}. */
  public static ActionHandler onOutcome(ActionHandler handler, Runnable success, Consumer<ServiceError> failure) {
    return request -> handler.handle(request)
        .onSuccess(reply -> success.run())
        .onFailure(e -> failure.accept(ServiceError.from(e)));
  }
}
