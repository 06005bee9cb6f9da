package io.emporium.user.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough SMTP (RFC 5321) for a client to hand over mail: greeting, EHLO/HELO, MAIL, RCPT, DATA
 * with dot-termination, RSET, NOOP, QUIT. No TLS, no AUTH. Each accepted message is kept whole.
 */
final class FakeSmtpServer {
  record Mail(String from, List<String> to, String data) {}

  final List<Mail> received = new CopyOnWriteArrayList<>();
  private NetServer server;

  Future<Integer> start(Vertx vertx) {
    server = vertx.createNetServer().connectHandler(this::session);
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  Future<Void> stop() {
    return server.close();
  }

  private void session(NetSocket socket) {
    socket.write("220 fake.smtp ESMTP ready\r\n");
    var state = new Object() {
      boolean inData;
      String from;
      List<String> to = new CopyOnWriteArrayList<>();
      StringBuilder data = new StringBuilder();
    };
    RecordParser lines = RecordParser.newDelimited("\r\n", buffer -> {
      String line = buffer.toString();
      if (state.inData) {
        if (line.equals(".")) {
          state.inData = false;
          received.add(new Mail(state.from, List.copyOf(state.to), state.data.toString()));
          state.to.clear();
          state.data.setLength(0);
          socket.write("250 2.0.0 OK queued\r\n");
        } else {
          state.data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return;
      }
      String command = line.toUpperCase(Locale.ROOT);
      if (command.startsWith("EHLO")) {
        socket.write("250-fake.smtp greets you\r\n250 8BITMIME\r\n");
      } else if (command.startsWith("HELO")) {
        socket.write("250 fake.smtp\r\n");
      } else if (command.startsWith("MAIL FROM:")) {
        state.from = line.substring(10).trim();
        socket.write("250 2.1.0 OK\r\n");
      } else if (command.startsWith("RCPT TO:")) {
        state.to.add(line.substring(8).trim());
        socket.write("250 2.1.5 OK\r\n");
      } else if (command.equals("DATA")) {
        state.inData = true;
        socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
      } else if (command.equals("RSET") || command.equals("NOOP")) {
        socket.write("250 OK\r\n");
      } else if (command.equals("QUIT")) {
        socket.write("221 Bye\r\n").onComplete(done -> socket.close());
      } else {
        socket.write("502 5.5.2 not implemented\r\n");
      }
    });
    socket.handler(lines);
  }
}
