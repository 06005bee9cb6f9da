import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's traffic (run by tests/soak.sh with the JDK's single-file launcher, JDK classes only):
 * {@code java tests/tools/Soak.java <gateway-url> <seconds> <concurrency> <admin-email> <admin-password>}.
 *
 * Mixed traffic, weighted like a shop: product by id (40 %), listings (20 %), search (15 %),
 * categories (10 %), the admin's profile (10 %), stock adjustments of +1/-1 (5 %). Prints one line per
 * minute (requests, throughput, p99, errors) and a summary with latency percentiles from every request.
 */
public final class Soak {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern REFRESH = Pattern.compile("\"refreshToken\"\\s*:\\s*\"([^\"]+)\"");
  /** Access tokens live 15 minutes by default: refresh well before, as a real client does. */
  private static final long REFRESH_EVERY_MS = 5 * 60_000;
  private static final String[] WORDS = {"cup", "lamp", "chair", "kettle", "towel", "mug", "desk", "pan", "rug"};

  public static void main(String[] args) throws Exception {
    URI gateway = URI.create(args[0]);
    long seconds = Long.parseLong(args[1]);
    int concurrency = Integer.parseInt(args[2]);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicReference<Session> session = new AtomicReference<>(login(client, gateway, args[3], args[4]));
    Thread refresher = new Thread(() -> keepFresh(client, gateway, session), "soak-refresh");
    refresher.setDaemon(true);
    refresher.start();
    List<String> ids = productIds(client, gateway);
    System.out.printf("soak: %d products, %d clients, %d s against %s%n", ids.size(), concurrency, seconds, gateway);

    int maxMicros = 60_000_000;
    AtomicLong[] histogram = new AtomicLong[2_000]; // log-scale buckets of latency in microseconds
    for (int i = 0; i < histogram.length; i++) {
      histogram[i] = new AtomicLong();
    }
    LongAdder requests = new LongAdder();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Thread worker = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          HttpRequest request = next(gateway, session.get().access(), ids);
          long started = System.nanoTime();
          String outcome;
          try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            // A stock decrement may meet an empty stock (409): an answer, not an error.
            outcome = status < 400 || status == 409 ? null : Integer.toString(status);
          } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
          }
          long micros = Math.min(maxMicros, (System.nanoTime() - started) / 1_000);
          histogram[bucket(micros)].incrementAndGet();
          requests.increment();
          if (outcome != null) {
            errors.computeIfAbsent(outcome, k -> new LongAdder()).increment();
          }
        }
      }, "soak-" + w);
      worker.start();
      workers.add(worker);
    }
    long startedAt = System.nanoTime();
    long lastCount = 0;
    long lastErrors = 0;
    long[] lastHistogram = snapshot(histogram);
    int minute = 0;
    while (System.nanoTime() < deadline) {
      Thread.sleep(Math.min(60_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      minute++;
      long count = requests.sum();
      long errorCount = errors.values().stream().mapToLong(LongAdder::sum).sum();
      long[] now = snapshot(histogram);
      long[] window = new long[now.length];
      for (int i = 0; i < now.length; i++) {
        window[i] = now[i] - lastHistogram[i];
      }
      System.out.printf("soak: minute %d: %d requests, %.0f/s, p50 %.1f ms, p99 %.1f ms, errors %d%n", minute,
          count - lastCount, (count - lastCount) / 60.0, percentile(window, 0.50) / 1000.0,
          percentile(window, 0.99) / 1000.0, errorCount - lastErrors);
      lastCount = count;
      lastErrors = errorCount;
      lastHistogram = now;
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - startedAt) / 1e9;
    long[] all = snapshot(histogram);
    long total = requests.sum();
    Map<String, Long> errorsByKind = new TreeMap<>();
    errors.forEach((k, v) -> errorsByKind.put(k, v.sum()));
    System.out.printf("soak: total %d requests in %.0f s = %.0f requests/s%n", total, elapsed, total / elapsed);
    System.out.printf("soak: latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
        percentile(all, 0.50) / 1000.0, percentile(all, 0.90) / 1000.0, percentile(all, 0.99) / 1000.0,
        percentile(all, 0.999) / 1000.0, percentile(all, 1.0) / 1000.0);
    System.out.printf("soak: errors %d %s%n", errorsByKind.values().stream().mapToLong(Long::longValue).sum(),
        errorsByKind);
  }

  private static HttpRequest next(URI gateway, String token, List<String> ids) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int dice = random.nextInt(100);
    String id = ids.get(random.nextInt(ids.size()));
    HttpRequest.Builder request;
    if (dice < 40) {
      request = HttpRequest.newBuilder(gateway.resolve("/api/products/" + id));
    } else if (dice < 60) {
      request = HttpRequest.newBuilder(gateway.resolve("/api/products?size=20&page=" + (1 + random.nextInt(5))
          + (random.nextBoolean() ? "&sort=price&currency=EUR" : "")));
    } else if (dice < 75) {
      request = HttpRequest.newBuilder(gateway.resolve("/api/products/search/" + WORDS[random.nextInt(WORDS.length)]));
    } else if (dice < 85) {
      request = HttpRequest.newBuilder(gateway.resolve("/api/categories"));
    } else if (dice < 95) {
      request = HttpRequest.newBuilder(gateway.resolve("/api/users/profile")).header("Authorization", "Bearer " + token);
    } else {
      request = HttpRequest.newBuilder(gateway.resolve("/api/admin/products/" + id + "/stock"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":" + (random.nextBoolean() ? 1 : -1) + "}"));
    }
    return request.timeout(Duration.ofSeconds(30)).build();
  }

  /** The admin's tokens: the access token for requests, the refresh token to get the next pair. */
  private record Session(String access, String refresh) {}

  private static Session login(HttpClient client, URI gateway, String email, String password) throws Exception {
    return tokens(client, gateway, "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  /** Rotates the session every few minutes for the whole run (which also soaks the refresh path). */
  private static void keepFresh(HttpClient client, URI gateway, AtomicReference<Session> session) {
    while (true) {
      try {
        Thread.sleep(REFRESH_EVERY_MS);
        session.set(tokens(client, gateway, "/api/auth/refresh",
            "{\"refreshToken\":\"" + session.get().refresh() + "\"}"));
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        System.out.println("soak: refreshing the session failed (requests will get 401): " + e.getMessage());
      }
    }
  }

  private static Session tokens(HttpClient client, URI gateway, String path, String body) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.resolve(path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    Matcher access = TOKEN.matcher(response.body());
    Matcher refresh = REFRESH.matcher(response.body());
    if (response.statusCode() != 200 || !access.find() || !refresh.find()) {
      throw new IllegalStateException(path + " failed: " + response.statusCode() + " " + response.body());
    }
    return new Session(access.group(1), refresh.group(1));
  }

  private static List<String> productIds(HttpClient client, URI gateway) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int page = 1; page <= 5; page++) {
      String body = client.send(HttpRequest.newBuilder(gateway.resolve("/api/products?size=50&page=" + page)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = ID.matcher(body);
      while (m.find()) {
        ids.add(m.group(1));
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("no products listed: is the demo catalogue loaded?");
    }
    return ids;
  }

  /** Buckets of about 1 % width: good enough for percentiles, constant memory for any duration. */
  private static int bucket(long micros) {
    return (int) Math.min(1_999, Math.round(Math.log1p(micros) * 100));
  }

  private static double upper(int bucket) {
    return Math.expm1((bucket + 0.5) / 100.0);
  }

  private static long[] snapshot(AtomicLong[] histogram) {
    return Arrays.stream(histogram).mapToLong(AtomicLong::get).toArray();
  }

  private static double percentile(long[] histogram, double q) {
    long total = Arrays.stream(histogram).sum();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= Math.max(1, rank)) {
        return upper(i);
      }
    }
    return upper(histogram.length - 1);
  }
}
