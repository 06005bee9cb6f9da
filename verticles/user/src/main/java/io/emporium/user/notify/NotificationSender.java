package io.emporium.user.notify;

import io.vertx.core.Future;

/** Delivers notifications (logging by default, SMTP when configured); succeeds once handed over. */
public interface NotificationSender {

  Future<Void> send(Notification notification);

  /** {@code log} or {@code smtp}, for logs. */
  String kind();

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
