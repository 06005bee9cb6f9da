package io.emporium.user.notify;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup sender: writes that a notification would go, instead of mailing it. The line names the
 * account by id, never its address or name (logs hold no personal data; the mail's text is not logged).
 */
public final class LoggingSender implements NotificationSender {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingSender.class);

  @Override
  public Future<Void> send(Notification notification) {
    LOG.info("notification (event {}) to user {}: {}", notification.eventId(), notification.userId(),
        notification.subject());
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "log";
  }
}
