package io.emporium.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A fixed-rate load generator without coordinated omission (what wrk2 does, which Debian does not
 * package): request i is due at {@code start + i / rate}, whatever happened to the ones before it, and
 * its latency is measured from that intended start, so a stalled server is charged for every request
 * it kept waiting, not only for the few that were in flight (wrk's closed loop stops sending and hides
 * the stall). The client's event loop wakes when the next request is due (Netty's nanosecond timer) and
 * sends every request that has come due; requests beyond the open connections wait in the client's queue,
 * their clock already running.
 *
 * A warm-up (5 s; -Dwarmup=SECONDS to change) runs first at the same rate, recorded and thrown away
 * (connections, class loading and the JIT of both sides, the recording code included); the recorded schedule
 * starts once every warm-up request is answered. A cold generator falls behind its schedule while its JIT
 * runs (on one core: 2.5 s behind after 5 s), and that backlog, carried into the recording, was once charged
 * to the servers as a p99 of seconds. It also prints {@code GENERATOR-GC collections ms} and
 * {@code GENERATOR-LAG p99 max} (ms it sent late: its own stalls, whoever serves) of the recorded window.
 *
 * <pre>java -cp emporium-bench.jar io.emporium.bench.FixedRateLoad URL RATE SECONDS [CONNECTIONS] [HEADER: value]</pre>
 * prints {@code RESULT rate sent ok errors p50 p90 p99 p999 max} (milliseconds) of the recorded requests.
 * With {@code -Dreads=FILE} it also writes one line per recorded request, {@code intendedStartEpochMs
 * latencyMs status} (status 0: no answer), so that a run can be cut into windows around a failure.
 * Checked against the bare server stopped (SIGSTOP) for 1 s of a 10 s run at 2,000 req/s: a tenth of the
 * requests were due during the stall, and this reported p90 101 ms, p99 918 ms, max 1.0 s (the same run
 * without the stop: p99 2.5 ms); wrk against such a stall reported p90 0.65 ms (its 32 connections simply
 * waited, and it sent nothing meanwhile). {@code FixedRateLoadTest} keeps both properties: a server that holds its
 * answers for half a second is charged for the ~200 requests due meanwhile, and a stall during the warm-up does not
 * reach the recording.
 */
public final class FixedRateLoad {
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 5);

  private FixedRateLoad() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    double rate = Double.parseDouble(args[1]);
    long seconds = Long.parseLong(args[2]);
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    String header = args.length > 4 ? args[4] : null;
    Result result = run(url, rate, seconds, connections, header, WARM_UP_SECONDS);
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
    // How late the generator sent (its timer's lateness, whatever the server did): a generator that cannot keep
    // its own schedule measures itself.
    System.out.printf("GENERATOR-LAG %.3f %.3f%n", ms(result.sendLag.getValueAtPercentile(99)),
        ms(result.sendLag.getMaxValue()));
    System.exit(0);
  }

  record Result(long sent, long ok, long errors, Histogram latency, ReadLog reads, GcTotals gcDuringRecording,
      Histogram sendLag) {}

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

  static Result run(URI url, double rate, long seconds, int connections, String header, int warmUpSeconds)
      throws InterruptedException {
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
    // The warm-up's requests are all answered before the recorded schedule starts: a cold generator falls
    // behind its schedule while its own JIT runs (on one core: 2.5 s behind after 5 s, seen here), and a
    // backlog carried into the recording was charged as latency to whoever served.
    // The warm-up records too, into a recording that is thrown away: the code that records is then compiled
    // before the recorded window, instead of the JIT compiling it on the generator's core during it.
    long warmUp = (long) (rate * warmUpSeconds);
    new Schedule(vertx, client, request, rate, warmUp, new Recording((int) Math.min(Integer.MAX_VALUE - 8, warmUp)))
        .start().await(warmUpSeconds + 60L, TimeUnit.SECONDS);
    GcTotals atRecordingStart = GcTotals.now();
    long recorded = (long) (rate * seconds);
    Recording recording = new Recording((int) Math.min(Integer.MAX_VALUE - 8, recorded));
    boolean all = new Schedule(vertx, client, request, rate, recorded, recording).start()
        .await(seconds + 60, TimeUnit.SECONDS);
    GcTotals gc = GcTotals.now().since(atRecordingStart);
    vertx.close();
    long ok = recording.ok;
    return new Result(recorded, ok, all ? recording.errors : recorded - ok, recording.latency, recording.reads, gc,
        recording.sendLag);
  }

  /**
   * What the recorded schedule measured. Written only on the client's one event loop; read after the
   * schedule's latch, which makes the writes visible.
   */
  static final class Recording {
    final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    /** How late the generator itself handed each request to the client: its own stalls, not the server's. */
    final Histogram sendLag = new Histogram(HIGHEST_NANOS, 3);
    final int capacity;
    ReadLog reads;
    long ok;
    long errors;

    Recording(int capacity) {
      this.capacity = capacity;
    }

    void started(long startNanos) {
      reads = new ReadLog(capacity, System.currentTimeMillis(), startNanos);
    }

    void sent(long intended, long now) {
      sendLag.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, now - intended)));
    }

    void answered(long intended, long took, Integer status) {
      latency.recordValue(took);
      reads.record(intended, took, status == null ? 0 : status);
      if (status != null && status < 400) {
        ok++;
      } else {
        errors++;
      }
    }
  }

  /**
   * Sends {@code count} requests, request i due at {@code start + i / rate} from when the schedule starts,
   * each measured from that intended start. Its latch opens when every request
   * has its answer (or its failure).
   */
  private record Schedule(Vertx vertx, HttpClient client, RequestOptions request, double rate, long count,
      Recording recording) {
    CountDownLatch start() {
      CountDownLatch finished = new CountDownLatch(count == 0 ? 0 : 1);
      ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
      context.runOnContext(v -> {
        long start = System.nanoTime();
        recording.started(start);
        new Sender(context, start, finished).run();
      });
      return finished;
    }

    /**
     * Sends what has come due, then wakes itself exactly when the next request is due (Netty's timers take
     * nanoseconds; a millisecond periodic timer would add up to a tick, more after the selector's rounding,
     * to every request's measured latency). Runs on the client's one event loop: no locks.
     */
    private final class Sender implements Runnable {
      private final ContextInternal context;
      private final long start;
      private final CountDownLatch finished;
      private long next;
      private long done;

      Sender(ContextInternal context, long start, CountDownLatch finished) {
        this.context = context;
        this.start = start;
        this.finished = finished;
      }

      private long due(long index) {
        return start + (long) (index * 1e9 / rate);
      }

      @Override
      public void run() {
        long now = System.nanoTime();
        while (next < count && due(next) <= now) {
          send(due(next++), now);
        }
        if (next < count) {
          // Run as the client's context (the client's callbacks then stay on this loop), straight from Netty's timer.
          context.nettyEventLoop().schedule(() -> context.emit(nothing -> run()), due(next) - System.nanoTime(),
              TimeUnit.NANOSECONDS);
        }
      }

      private void send(long intended, long now) {
        recording.sent(intended, now);
        client.request(request).compose(r -> r.send().compose(response -> response.body().map(response.statusCode())))
            .onComplete(answer -> {
              recording.answered(intended, Math.min(HIGHEST_NANOS, System.nanoTime() - intended),
                  answer.succeeded() ? answer.result() : null);
              if (++done == count) {
                finished.countDown();
              }
            });
      }
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
