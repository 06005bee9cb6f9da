package io.emporium.user.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/** {@link FakeSmtpServer} for tests in other packages of the module. */
public final class FakeSmtpAccess {
  private final FakeSmtpServer server = new FakeSmtpServer();

  public Future<Integer> start(Vertx vertx) {
    return server.start(vertx);
  }

  /** The recipients of every mail received, in order. */
  public List<String> recipients() {
    return server.received.stream().flatMap(mail -> mail.to().stream()).toList();
  }
}
