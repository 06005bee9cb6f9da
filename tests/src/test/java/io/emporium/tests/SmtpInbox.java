package io.emporium.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail server for black-box tests: just enough SMTP (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT; no STARTTLS, no AUTH) on a free port of 127.0.0.1, keeping every message it accepts. One thread
 * per connection; closed with the test.
 */
public final class SmtpInbox implements AutoCloseable {
  /** One accepted message: its recipients and its data (headers and body, as sent). */
  public record Mail(List<String> to, String data) {
    public boolean isTo(String address) {
      return to.stream().anyMatch(t -> t.contains(address));
    }

    /** The decoded Subject header (the client may encode it as RFC 2047 words; plain ASCII stays as is). */
    public String subject() {
      return data.lines().filter(l -> l.regionMatches(true, 0, "Subject:", 0, 8)).findFirst()
          .map(l -> l.substring(8).trim()).orElse("");
    }
  }

  private final ServerSocket server;
  private final List<Mail> received = new CopyOnWriteArrayList<>();

  private SmtpInbox(ServerSocket server) {
    this.server = server;
  }

  public static SmtpInbox start() {
    try {
      SmtpInbox inbox = new SmtpInbox(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
      Thread acceptor = new Thread(inbox::accept, "smtp-inbox");
      acceptor.setDaemon(true);
      acceptor.start();
      return inbox;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Mail> received() {
    return List.copyOf(received);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread session = new Thread(() -> session(socket), "smtp-inbox-session");
        session.setDaemon(true);
        session.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void session(Socket socket) {
    try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.UTF_8)); OutputStream out = socket.getOutputStream()) {
      write(out, "220 inbox.test ESMTP ready");
      List<String> to = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.toUpperCase(Locale.ROOT);
        if (command.startsWith("EHLO")) {
          write(out, "250-inbox.test\r\n250 8BITMIME");
        } else if (command.startsWith("HELO") || command.startsWith("NOOP") || command.startsWith("MAIL FROM:")) {
          write(out, "250 OK");
        } else if (command.startsWith("RCPT TO:")) {
          to.add(line.substring(8).trim());
          write(out, "250 OK");
        } else if (command.startsWith("RSET")) {
          to.clear();
          write(out, "250 OK");
        } else if (command.startsWith("DATA")) {
          write(out, "354 end with <CRLF>.<CRLF>");
          StringBuilder data = new StringBuilder();
          while ((line = in.readLine()) != null && !line.equals(".")) {
            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
          }
          received.add(new Mail(List.copyOf(to), data.toString()));
          to.clear();
          write(out, "250 OK queued");
        } else if (command.startsWith("QUIT")) {
          write(out, "221 bye");
          return;
        } else {
          write(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away: nothing to keep
    }
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
