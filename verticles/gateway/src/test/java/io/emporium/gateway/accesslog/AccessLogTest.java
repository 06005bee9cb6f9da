package io.emporium.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  private static final AccessLine LINE = new AccessLine(1_700_000_000_123L, "req-1", "GET", "/api/products/:id", 200,
      512, 1_407, "user \"7\"", "127.0.0.1:8080/gateway-1", "HIT");

  private static String written(boolean json, AccessLine... lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLog log = new AccessLog(true, json, out, 16);
    for (AccessLine line : lines) {
      log.record(line);
    }
    log.close();
    assertThat(log.written()).isEqualTo(lines.length);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTextLineSaysWhatAnsweredAndHowFast() throws Exception {
    String text = written(false, LINE);
    assertThat(text).endsWith("\n").contains(" INFO  [access-log] emporium.access - GET /api/products/:id 200 512B 1.407ms"
        + " cache=HIT requestId=req-1 userId=user \"7\" instance=127.0.0.1:8080/gateway-1");
  }

  @Test
  void aJsonLineIsOneObjectWithEveryField() throws Exception {
    String text = written(true, LINE, new AccessLine(1_700_000_000_124L, "req-2", "POST", "/api/products", 429, 0,
        7, null, "i", null));
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(2);
    JsonObject first = new JsonObject(lines[0]);
    assertThat(first.getString("@timestamp")).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(first.getString("logger_name")).isEqualTo("emporium.access");
    assertThat(first.getString("requestId")).isEqualTo("req-1");
    assertThat(first.getString("route")).isEqualTo("/api/products/:id");
    assertThat(first.getInteger("status")).isEqualTo(200);
    assertThat(first.getLong("bytes")).isEqualTo(512);
    assertThat(first.getDouble("latencyMs")).isEqualTo(1.407);
    assertThat(first.getString("userId")).isEqualTo("user \"7\"");
    assertThat(first.getString("cache")).isEqualTo("HIT");
    JsonObject second = new JsonObject(lines[1]);
    assertThat(second.getDouble("latencyMs")).isEqualTo(0.007);
    assertThat(second.containsKey("userId")).isFalse();
    assertThat(second.containsKey("cache")).isFalse();
  }

  @Test
  void aWriterThatFallsBehindDropsAndCountsLinesInsteadOfBlocking() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stuck = new OutputStream() {
      @Override
      public void write(int b) {}

      @Override
      public void write(byte[] bytes, int off, int len) {
        writing.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    AccessLog log = new AccessLog(true, false, stuck, 4);
    log.record(LINE);
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds that line, stuck in write
    long started = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      log.record(LINE);
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("recording never waits").isLessThan(1_000);
    assertThat(log.dropped()).isEqualTo(6); // 4 queued, 6 refused
    release.countDown();
    log.close();
    assertThat(log.written()).isEqualTo(5);
  }

  @Test
  void linesFromManyThreadsAtOnceAreEachWrittenOnceOrCountedAsDropped() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLog log = new AccessLog(true, false, out, 1_024);
    int threads = 4;
    int perThread = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    Thread[] loops = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      String id = "t" + t + "-";
      loops[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < perThread; i++) {
          log.record(new AccessLine(1_700_000_000_123L, id + i, "GET", "/r", 200, 1, 1, null, "i", null));
        }
      });
      loops[t].start();
    }
    start.countDown();
    for (Thread loop : loops) {
      loop.join(TimeUnit.SECONDS.toMillis(30));
    }
    log.close();

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(log.written() + log.dropped()).isEqualTo((long) threads * perThread);
    assertThat(lines).hasSize((int) log.written());
    // no line twice, none torn: every written line names a distinct request
    assertThat(java.util.Arrays.stream(lines).map(line -> line.replaceAll(".*requestId=(\\S+).*", "$1")).distinct())
        .hasSize(lines.length).allMatch(id -> id.matches("t[0-3]-\\d+"));
  }
}
