package io.emporium.user.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.outbox.Polling;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SMTP sender against a fake SMTP server on a free loopback port. */
@ExtendWith(VertxExtension.class)
class SmtpSenderTest {

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  @Test
  void aNotificationIsMailedWithItsSubjectAndEventId(Vertx vertx, VertxTestContext ctx) {
    FakeSmtpServer smtp = new FakeSmtpServer();
    smtp.start(vertx)
        .compose(port -> new SmtpSender(vertx, "127.0.0.1", port, "shop@emporium.test", 5_000)
            .send(new Notification("event-1", "ada@example.org", "Welcome to Emporium", "Hello Ada")))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(smtp.received).hasSize(1);
          FakeSmtpServer.Mail mail = smtp.received.get(0);
          assertThat(mail.from()).contains("shop@emporium.test");
          assertThat(mail.to()).singleElement().asString().contains("ada@example.org");
          assertThat(mail.data()).contains("Subject: Welcome to Emporium").contains("X-Emporium-Event: event-1")
              .contains("Hello Ada");
          ctx.completeNow();
        })));
  }

  @Test
  void anUnreachableServerFailsTheSend(Vertx vertx, VertxTestContext ctx) {
    FakeSmtpServer smtp = new FakeSmtpServer();
    smtp.start(vertx)
        .compose(port -> smtp.stop().map(port))
        .compose(port -> new SmtpSender(vertx, "127.0.0.1", port, "shop@emporium.test", 2_000)
            .send(new Notification("event-2", "ada@example.org", "s", "t")))
        .onComplete(ctx.failing(e -> ctx.completeNow()));
  }

  /** Registration through the bus ends as a welcome mail at the SMTP server: outbox, relay, consumer, sender. */
  @Test
  void aRegistrationEndsAsAWelcomeMail(Vertx vertx, VertxTestContext ctx) {
    FakeSmtpServer smtp = new FakeSmtpServer();
    smtp.start(vertx)
        .compose(port -> io.emporium.user.UserBusAccess.start(vertx, Map.of(ConfigKey.NOTIFY_SENDER, "smtp",
            ConfigKey.SMTP_HOST, "127.0.0.1", ConfigKey.SMTP_PORT, String.valueOf(port),
            ConfigKey.SMTP_FROM, "shop@emporium.test")))
        .compose(bus -> bus.call(UserAction.REGISTER, new JsonObject().put("email", "welcome@example.org")
            .put("password", "correct horse battery staple").put("name", "Wendy")))
        .compose(user -> Polling.until(vertx, () -> Future.succeededFuture(smtp.received.size()), n -> n >= 1, 10_000))
        .onComplete(ctx.succeeding(n -> ctx.verify(() -> {
          FakeSmtpServer.Mail mail = smtp.received.get(0);
          assertThat(mail.to()).singleElement().asString().contains("welcome@example.org");
          assertThat(mail.data()).contains("Subject: Welcome to Emporium").contains("Hello Wendy");
          ctx.completeNow();
        })));
  }
}
