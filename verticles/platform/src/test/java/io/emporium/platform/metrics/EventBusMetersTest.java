package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.eventbus.ReplyException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event bus's meters as {@link EventBusMeters} records them, on a real event bus: the names and
 * labels vertx-micrometer gives them, instance addresses folded into one series, replies not counted.
 */
class EventBusMetersTest {
  private Vertx vertx;
  private EventBus bus;

  @BeforeEach
  void start() {
    vertx = MetricsSetup.vertx("test");
    bus = vertx.eventBus();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void sentReceivedDeliveredAndProcessedByAddressAndSide() throws Exception {
    MessageConsumer<String> consumer = bus.consumer("things.test", message -> message.reply("ok"));
    await(consumer.completion());
    for (int i = 0; i < 3; i++) {
      assertThat(await(bus.<String>request("things.test", "hello")).body()).isEqualTo("ok");
    }

    PrometheusText metrics = scrape();
    assertThat(metrics.sum("vertx_eventbus_sent_total", "address", "things.test", "side", "local")).isEqualTo(3);
    assertThat(metrics.sum("vertx_eventbus_received_total", "address", "things.test", "side", "local")).isEqualTo(3);
    assertThat(metrics.sum("vertx_eventbus_delivered_total", "address", "things.test", "side", "local")).isEqualTo(3);
    assertThat(metrics.sum("vertx_eventbus_processed_total", "address", "things.test", "side", "local")).isEqualTo(3);
    assertThat(metrics.sum("vertx_eventbus_pending", "address", "things.test")).isZero();
    assertThat(metrics.sum("vertx_eventbus_handlers", "address", "things.test")).isEqualTo(1);
    // The replies travel to internal addresses: not counted, as vertx-micrometer does not count them.
    assertThat(metrics.all()).noneMatch(series -> series.name().startsWith("vertx_eventbus")
        && String.valueOf(series.labels().get("address")).startsWith("__vertx"));

    await(consumer.unregister());
    assertThat(scrape().sum("vertx_eventbus_handlers", "address", "things.test")).isZero();
  }

  @Test
  void publishedMessagesAreCountedOncePerMessageAndProcessedOncePerHandler() throws Exception {
    await(bus.consumer("news.test", message -> {}).completion());
    await(bus.consumer("news.test", message -> {}).completion());
    bus.publish("news.test", "one");
    bus.publish("news.test", "two");

    PrometheusText metrics = awaitSeries("vertx_eventbus_processed_total", "news.test", 4);
    assertThat(metrics.sum("vertx_eventbus_published_total", "address", "news.test")).isEqualTo(2);
    assertThat(metrics.sum("vertx_eventbus_received_total", "address", "news.test")).isEqualTo(2);
    assertThat(metrics.sum("vertx_eventbus_handlers", "address", "news.test")).isEqualTo(2);
    assertThat(metrics.sum("vertx_eventbus_pending", "address", "news.test")).isZero();
    assertThat(metrics.has("vertx_eventbus_sent_total")).isFalse();
  }

  @Test
  void instanceAddressesShareOneSeriesAndItsPendingCount() throws Exception {
    String first = "emporium.product.instance." + UUID.randomUUID();
    String second = "emporium.product.instance." + UUID.randomUUID();
    await(bus.consumer(first, message -> message.reply("first")).completion());
    await(bus.consumer(second, message -> message.reply("second")).completion());
    for (int i = 0; i < 2; i++) {
      await(bus.request(first, "x"));
      await(bus.request(second, "x"));
    }

    PrometheusText metrics = scrape();
    assertThat(metrics.sum("vertx_eventbus_sent_total", "address", "emporium.product.instance")).isEqualTo(4);
    assertThat(metrics.count("vertx_eventbus_sent_total", "address", "emporium.product.instance")).isEqualTo(1);
    assertThat(metrics.sum("vertx_eventbus_handlers", "address", "emporium.product.instance")).isEqualTo(2);
    // Each address's messages were added to and taken from the one series' count: none left over.
    assertThat(metrics.sum("vertx_eventbus_pending", "address", "emporium.product.instance")).isZero();
    assertThat(metrics.sum("vertx_eventbus_processed_total", "address", "emporium.product.instance")).isEqualTo(4);
  }

  @Test
  void messagesAPausedConsumerCannotBufferAreDiscardedAndNotLeftPending() throws Exception {
    MessageConsumer<String> consumer = bus.<String>consumer(
        new MessageConsumerOptions().setAddress("slow.test").setMaxBufferedMessages(1), message -> {});
    await(consumer.completion());
    consumer.pause(); // at once, on this thread: the deliveries below run later, on the consumer's loop
    for (int i = 0; i < 3; i++) {
      bus.send("slow.test", "m" + i);
    }
    // Resumed only once all three were delivered to the paused consumer: one buffered, two discarded.
    awaitSeries("vertx_eventbus_discarded_total", "slow.test", 2);
    assertThat(scrape().sum("vertx_eventbus_pending", "address", "slow.test")).isEqualTo(1);
    consumer.resume();

    PrometheusText metrics = awaitSeries("vertx_eventbus_processed_total", "slow.test", 1);
    assertThat(metrics.sum("vertx_eventbus_discarded_total", "address", "slow.test", "side", "local")).isEqualTo(2);
    assertThat(metrics.sum("vertx_eventbus_pending", "address", "slow.test")).isZero();
  }

  @Test
  void aRequestNobodyConsumesCountsAReplyFailure() throws Exception {
    Throwable failure = bus.request("nobody.test", "x").toCompletionStage().toCompletableFuture()
        .handle((ok, error) -> error).get(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ReplyException.class);

    assertThat(scrape().sum("vertx_eventbus_reply_failures_total", "address", "nobody.test", "failure", "NO_HANDLERS"))
        .isEqualTo(1);
  }

  @Test
  void theAddressesRememberedStayBoundedAndCountsStayRight() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventBusMeters meters = new EventBusMeters(registry);
    int addresses = EventBusMeters.MOST_ADDRESSES + 100;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < addresses; i++) {
        meters.messageSent("address." + i, false, true, false);
      }
    }

    assertThat(meters.rememberedAddresses()).isLessThanOrEqualTo(EventBusMeters.MOST_ADDRESSES);
    assertThat(registry.find("vertx.eventbus.sent").counters()).hasSize(addresses)
        .allSatisfy(counter -> assertThat(counter.count()).isEqualTo(2));
  }

  /** The scrape once the series of {@code name} for {@code address} has reached {@code value} (at most 10 s). */
  private PrometheusText awaitSeries(String name, String address, int value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    PrometheusText metrics = scrape();
    while (metrics.sum(name, "address", address) < value && System.nanoTime() < deadline) {
      Thread.sleep(10);
      metrics = scrape();
    }
    assertThat(metrics.sum(name, "address", address)).isEqualTo(value);
    return metrics;
  }

  private PrometheusText scrape() {
    return new PrometheusText(EmporiumMetrics.of(vertx).scrape());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
