package io.emporium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator measures what a fixed-rate client would wait, not what its few connections saw: a server that
 * holds its answers for a while is charged for every request due meanwhile, and a stall during the warm-up is
 * not carried into the recording. The thresholds are far from both outcomes (a closed loop, or a recording
 * that started on the warm-up's clock), so the machine's speed does not decide them.
 */
class FixedRateLoadTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private Vertx vertx;
  private HttpServer server;
  /** When the server saw its first request (nanoTime); 0 until then. */
  private final AtomicLong firstArrival = new AtomicLong();
  /** The server holds every answer due in [first + stallFrom, first + stallTo) until first + stallTo. */
  private volatile long stallFromNanos;
  private volatile long stallToNanos;

  @BeforeEach
  void startServer() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(request -> {
      long now = System.nanoTime();
      firstArrival.compareAndSet(0, now);
      long first = firstArrival.get();
      long holdUntil = first + stallToNanos;
      if (now >= first + stallFromNanos && now < holdUntil) {
        vertx.setTimer(Math.max(1, (holdUntil - now) / MS), t -> request.response().end("held"));
      } else {
        request.response().end("ok");
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stopServer() {
    vertx.close().await();
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
  }

  /** The recorded requests that waited 100 ms or more. */
  private static long slow(FixedRateLoad.Result result) {
    return result.latency().getCountBetweenValues(100 * MS, result.latency().getMaxValue());
  }

  private static void report(FixedRateLoad.Result result) {
    var latency = result.latency();
    System.out.printf("p50 %.1f p90 %.1f p99 %.1f max %.1f ms, >= 100 ms: %d%n", latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(90) / 1e6, latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6,
        slow(result));
  }

  @Test
  void aServerThatHoldsItsAnswersIsChargedForEveryRequestDueMeanwhile() throws Exception {
    // A second of warm-up from the first arrival, then the recorded two seconds: the answers are held from half
    // a second into the recording to a second into it.
    stallFromNanos = 1_500 * MS;
    stallToNanos = 2_000 * MS;

    FixedRateLoad.Result result = FixedRateLoad.run(url(), 400, 2, 4, null, 1);
    report(result);

    assertThat(result.sent()).isEqualTo(800);
    assertThat(result.ok()).isEqualTo(800);
    // About 200 requests were due during the half second: each waited from its own due time to the end of it.
    // Four connections in a closed loop would have recorded four slow answers.
    assertThat(slow(result)).isBetween(100L, 260L);
    assertThat(result.latency().getValueAtPercentile(99)).isGreaterThan(350 * MS);
    assertThat(result.latency().getMaxValue()).isLessThan(1_500 * MS);
  }

  @Test
  void aServerThatAnswersAtOnceHasAShortTail() throws Exception {
    stallFromNanos = Long.MAX_VALUE / 4;
    stallToNanos = Long.MAX_VALUE / 4;

    FixedRateLoad.Result result = FixedRateLoad.run(url(), 400, 2, 4, null, 1);
    report(result);

    assertThat(result.ok()).isEqualTo(800);
    assertThat(result.errors()).isZero();
    assertThat(result.latency().getValueAtPercentile(50)).isLessThan(50 * MS);
    assertThat(slow(result)).isLessThan(40L);
  }

  @Test
  void aStallDuringTheWarmUpIsNotCarriedIntoTheRecording() throws Exception {
    // Every warm-up request (1 s at 200/s) is held until 1.5 s after the first: a recording that started on
    // the warm-up's clock, at 1 s, would have its first half second of requests held too.
    stallFromNanos = 0;
    stallToNanos = 1_500 * MS;

    FixedRateLoad.Result result = FixedRateLoad.run(url(), 200, 1, 4, null, 1);
    report(result);

    assertThat(result.sent()).isEqualTo(200);
    assertThat(result.ok()).isEqualTo(200);
    assertThat(result.latency().getValueAtPercentile(90)).isLessThan(200 * MS);
  }
}
