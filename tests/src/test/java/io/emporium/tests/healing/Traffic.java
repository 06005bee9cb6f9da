package io.emporium.tests.healing;

import io.emporium.testkit.Http;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady HTTP traffic at a set of gateways, bounded in time and count, as a client behind a load
 * balancer sees it: each request goes to one of the gateways currently in rotation, and a request
 * whose connection is refused (a gateway that stopped accepting) is sent once to another one, which
 * is what a load balancer does. Every outcome is recorded.
 */
public final class Traffic implements AutoCloseable {
  /** One request and what came back (status 0: no answer at all). */
  public record Outcome(String kind, int status, String code, long millis, long startedAtNanos) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** What to send: a method, a path and an optional JSON body, with a kind for the report. */
  public record Call(String kind, String method, String path, String body) {}

  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");
  private static final int MAX_REQUESTS = 50_000;

  private volatile List<URI> rotation;
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> workers = new ArrayList<>();
  private final String token;

  private Traffic(List<URI> gateways, String token) {
    this.rotation = List.copyOf(gateways);
    this.token = token;
  }

  /**
   * Starts {@code threads} workers, each sending the calls {@code next} gives, one after the other
   * with {@code pauseMs} between them, until {@link #close()} (or 50,000 requests).
   */
  public static Traffic start(List<URI> gateways, String adminToken, int threads, long pauseMs, Supplier<Call> next) {
    Traffic traffic = new Traffic(gateways, adminToken);
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(() -> traffic.run(next, pauseMs), "traffic-" + i);
      worker.setDaemon(true);
      traffic.workers.add(worker);
      worker.start();
    }
    return traffic;
  }

  /** Take a gateway out of rotation (the load balancer saw it not ready) or put it back. */
  public void setRotation(List<URI> gateways) {
    rotation = List.copyOf(gateways);
  }

  private void run(Supplier<Call> next, long pauseMs) {
    while (running.get() && outcomes.size() < MAX_REQUESTS) {
      outcomes.add(send(next.get()));
      if (pauseMs > 0) {
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  public Outcome send(Call call) {
    long started = System.nanoTime();
    List<URI> gateways = rotation;
    int first = ThreadLocalRandom.current().nextInt(gateways.size());
    for (int attempt = 0; attempt < Math.min(2, gateways.size()); attempt++) {
      URI gateway = gateways.get((first + attempt) % gateways.size());
      try {
        // Past the gateway's GET cache: these tests measure the services behind it.
        Http.Reply reply = Http.to(gateway).send(call.method(), call.path(), call.body(), token,
            Map.of("Cache-Control", "no-cache"));
        Matcher code = CODE.matcher(reply.body());
        return new Outcome(call.kind(), reply.status(), code.find() ? code.group(1) : "",
            (System.nanoTime() - started) / 1_000_000, started);
      } catch (UncheckedIOException failed) {
        if (!(failed.getCause() instanceof ConnectException)) {
          return new Outcome(call.kind(), 0, failed.getCause().getClass().getSimpleName(),
              (System.nanoTime() - started) / 1_000_000, started);
        }
        // Refused, so not sent at all: a load balancer tries another gateway.
      }
    }
    return new Outcome(call.kind(), 0, "refused", (System.nanoTime() - started) / 1_000_000, started);
  }

  public List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  public List<Outcome> of(String kind) {
    return outcomes.stream().filter(o -> o.kind().equals(kind)).toList();
  }

  /** "GET: 812 (200: 812); write: 203 (200: 190, 503 UNAVAILABLE: 13)". */
  public String summary() {
    Map<String, Map<String, Integer>> byKind = new TreeMap<>();
    for (Outcome o : outcomes) {
      byKind.computeIfAbsent(o.kind(), k -> new TreeMap<>())
          .merge(o.status() + (o.code().isEmpty() ? "" : " " + o.code()), 1, Integer::sum);
    }
    StringBuilder text = new StringBuilder();
    byKind.forEach((kind, statuses) -> text.append(text.isEmpty() ? "" : "; ").append(kind).append(": ")
        .append(statuses.values().stream().mapToInt(Integer::intValue).sum()).append(" ").append(statuses));
    return text.toString();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread worker : workers) {
      worker.join(15_000);
    }
  }
}
