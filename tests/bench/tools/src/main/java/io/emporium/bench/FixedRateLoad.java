package io.emporium.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A fixed-rate load generator without coordinated omission (what wrk2 does, which Debian does not
 * package): request i is due at {@code start + i / rate}, whatever happened to the ones before it, and
 * its latency is measured from that intended start, so a stalled server is charged for every request
 * it kept waiting, not only for the few that were in flight (wrk's closed loop stops sending and hides
 * the stall). A timer every millisecond sends every request that has come due; requests beyond the
 * open connections wait in the client's queue, their clock already running.
 *
 * The first {@value #WARM_UP_SECONDS} seconds run at the same rate unrecorded (connections, class loading
 * and the JIT of both sides).
 *
 * <pre>java -cp emporium-bench.jar io.emporium.bench.FixedRateLoad URL RATE SECONDS [CONNECTIONS] [HEADER: value]</pre>
 * prints {@code RESULT rate sent ok errors p50 p90 p99 p999 max} (milliseconds) of the recorded requests.
 * With {@code -Dreads=FILE} it also writes one line per recorded request, {@code intendedStartEpochMs
 * latencyMs status} (status 0: no answer), so that a run can be cut into windows around a failure.
 * Checked against the bare server stopped (SIGSTOP) for 1 s of a 10 s run at 2,000 req/s: a tenth of the
 * requests were due during the stall, and this reported p90 69 ms, p99 907 ms, max 1.0 s; wrk against the
 * same stall reported p90 0.65 ms (its 32 connections simply waited, and it sent nothing meanwhile).
 */
public final class FixedRateLoad {
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final int WARM_UP_SECONDS = 5;

  private FixedRateLoad() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    double rate = Double.parseDouble(args[1]);
    long seconds = Long.parseLong(args[2]);
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    String header = args.length > 4 ? args[4] : null;
    Result result = run(url, rate, seconds, connections, header);
    String reads = System.getProperty("reads");
    if (reads != null) {
      result.reads().write(java.nio.file.Path.of(reads));
    }
    System.out.printf("RESULT %.1f %d %d %d %.3f %.3f %.3f %.3f %.3f%n", rate, result.sent, result.ok, result.errors,
        ms(result.latency.getValueAtPercentile(50)), ms(result.latency.getValueAtPercentile(90)),
        ms(result.latency.getValueAtPercentile(99)), ms(result.latency.getValueAtPercentile(99.9)),
        ms(result.latency.getMaxValue()));
    // The generator's own pauses stall every request due meanwhile, whoever serves: say how many fell in the
    // recorded window, so a tail can be told apart from them.
    System.out.printf("GENERATOR-GC %d %d%n", result.gcDuringRecording.collections(), result.gcDuringRecording.millis());
    System.exit(0);
  }

  record Result(long sent, long ok, long errors, Histogram latency, ReadLog reads, GcTotals gcDuringRecording) {}

  /** Collections and their summed time (ms) of every collector of this JVM. */
  record GcTotals(long collections, long millis) {
    static GcTotals now() {
      long count = 0;
      long time = 0;
      for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, gc.getCollectionCount());
        time += Math.max(0, gc.getCollectionTime());
      }
      return new GcTotals(count, time);
    }

    GcTotals since(GcTotals earlier) {
      return new GcTotals(collections - earlier.collections, millis - earlier.millis);
    }
  }

  /** Every recorded request's intended start, latency and status; written only when asked for. */
  static final class ReadLog {
    private final long[] startNanos;
    private final long[] latencyNanos;
    private final int[] status;
    private final long epochMsAtStart;
    private final long nanosAtStart;
    private int count;

    ReadLog(int capacity, long epochMsAtStart, long nanosAtStart) {
      startNanos = new long[capacity];
      latencyNanos = new long[capacity];
      status = new int[capacity];
      this.epochMsAtStart = epochMsAtStart;
      this.nanosAtStart = nanosAtStart;
    }

    void record(long intendedNanos, long latency, int answer) {
      if (count < status.length) {
        startNanos[count] = intendedNanos;
        latencyNanos[count] = latency;
        status[count++] = answer;
      }
    }

    void write(java.nio.file.Path file) throws java.io.IOException {
      StringBuilder text = new StringBuilder(count * 32);
      for (int i = 0; i < count; i++) {
        text.append(String.format(java.util.Locale.ROOT, "%.3f %.3f %d%n",
            epochMsAtStart + (startNanos[i] - nanosAtStart) / 1e6, latencyNanos[i] / 1e6, status[i]));
      }
      java.nio.file.Files.writeString(file, text);
    }
  }

  static Result run(URI url, double rate, long seconds, int connections, String header) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost())
        .setPort(url.getPort()).setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
        .setIdleTimeout(30_000);
    if (header != null) {
      int colon = header.indexOf(':');
      request.addHeader(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    long warmUp = (long) (rate * WARM_UP_SECONDS);
    long total = warmUp + (long) (rate * seconds);
    Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(1);
    long epochMs = System.currentTimeMillis();
    long start = System.nanoTime();
    ReadLog reads = new ReadLog((int) Math.min(Integer.MAX_VALUE - 8, total - warmUp), epochMs, start);
    GcTotals[] atRecordingStart = {GcTotals.now()};
    vertx.setTimer(TimeUnit.SECONDS.toMillis(WARM_UP_SECONDS), id -> atRecordingStart[0] = GcTotals.now());
    long[] next = {0};
    long[] done = {0};
    // Every callback runs on the client's one event loop: the histogram and counters need no lock.
    vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      while (next[0] < total && start + (long) (next[0] * 1e9 / rate) <= now) {
        long intended = start + (long) (next[0] * 1e9 / rate);
        next[0]++;
        client.request(request).compose(r -> r.send().compose(response -> response.body().map(response.statusCode())))
            .onComplete(answer -> {
              if (intended - start < TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS)) {
                countDown(finished, ++done[0], total);
                return;
              }
              long took = Math.min(HIGHEST_NANOS, System.nanoTime() - intended);
              latency.recordValue(took);
              reads.record(intended, took, answer.succeeded() ? answer.result() : 0);
              if (answer.succeeded() && answer.result() < 400) {
                ok.incrementAndGet();
              } else {
                errors.incrementAndGet();
              }
              countDown(finished, ++done[0], total);
            });
      }
      if (next[0] == total) {
        vertx.cancelTimer(timer);
      }
    }));
    boolean all = finished.await(WARM_UP_SECONDS + seconds + 60, TimeUnit.SECONDS);
    GcTotals gc = GcTotals.now().since(atRecordingStart[0]);
    vertx.close();
    long recorded = total - warmUp;
    return new Result(recorded, ok.get(), all ? errors.get() : recorded - ok.get(), latency, reads, gc);
  }

  private static void countDown(CountDownLatch finished, long done, long total) {
    if (done == total) {
      finished.countDown();
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
