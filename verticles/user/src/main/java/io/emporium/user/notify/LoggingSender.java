package io.emporium.user.notify;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The zero-setup sender: writes each notification to the log instead of mailing it. */
public final class LoggingSender implements NotificationSender {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingSender.class);

  @Override
  public Future<Void> send(Notification notification) {
    LOG.info("notification (event {}) to {}: {}", notification.eventId(), notification.to(), notification.subject());
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "log";
  }
}
