package io.emporium.user.notify;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Finds the person an event about an account is for, when the event names the account only by id (the
 * order service's events: it does not know addresses). Empty for an account that does not exist (any
 * more); a failure of the store fails the future, so the event is delivered again later.
 */
@FunctionalInterface
public interface Recipients {
  Recipients NONE = userId -> Future.succeededFuture(Optional.empty());

  Future<Optional<Recipient>> byUserId(String userId);
}
