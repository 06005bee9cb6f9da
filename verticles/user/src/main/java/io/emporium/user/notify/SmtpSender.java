package io.emporium.user.notify;

import io.emporium.user.config.NotifySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * Mails notifications through an SMTP server with vertx-mail-client (non-blocking). STARTTLS is used
 * when the server offers it; no login (a relay inside the deployment's network is assumed).
 */
public final class SmtpSender implements NotificationSender {
  private final MailClient client;
  private final String from;

  public SmtpSender(Vertx vertx, String host, int port, String from, long timeoutMs) {
    MailConfig config = new MailConfig()
        .setHostname(host)
        .setPort(port)
        .setStarttls(StartTLSOptions.OPTIONAL)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setMaxPoolSize(4);
    this.client = MailClient.create(vertx, config);
    this.from = from;
  }

  public static SmtpSender create(Vertx vertx, NotifySettings settings, long timeoutMs) {
    return new SmtpSender(vertx, settings.smtpHost().orElseThrow(), settings.smtpPort(),
        settings.smtpFrom().orElseThrow(), timeoutMs);
  }

  @Override
  public Future<Void> send(Notification notification) {
    MailMessage message = new MailMessage()
        .setFrom(from)
        .setTo(notification.to())
        .setSubject(notification.subject())
        .setText(notification.text())
        .setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("X-Emporium-Event", notification.eventId()));
    return client.sendMail(message).mapEmpty();
  }

  @Override
  public String kind() {
    return "smtp";
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
