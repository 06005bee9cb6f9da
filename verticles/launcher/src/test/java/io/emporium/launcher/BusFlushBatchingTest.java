package io.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.emporium.platform.testing.Ports;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event-bus connections send one event-loop pass's writes in one flush; other client connections keep
 * Vert.x's flush per write; and a real clustered bus is recognised as the bus (the options it builds its
 * client with are the ones this transport looks for).
 */
class BusFlushBatchingTest {
  private static final int MESSAGES = 10;
  private final List<Vertx> started = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Vertx vertx : started) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBusConnectionFlushesTheWritesOfOnePassOnce() throws Exception {
    EventBusOptions bus = new EventBusOptions().setHost("127.0.0.1");
    FlushRun run = writeOnePass(BusFlushBatching.busClientOptions(bus), bus);
    assertThat(run.batching).as("the batching handler is on the connection").isTrue();
    assertThat(run.flushes).as("flushes reaching the socket for %d writes in one pass", MESSAGES).isEqualTo(1);
    assertThat(run.received).isEqualTo(expectedBytes());
  }

  @Test
  void anotherClientConnectionKeepsAFlushPerWrite() throws Exception {
    EventBusOptions bus = new EventBusOptions().setHost("127.0.0.1");
    // A PostgreSQL or Redis connection: client options other than the bus's.
    FlushRun run = writeOnePass(new NetClientOptions().setConnectTimeout(5_000), bus);
    assertThat(run.batching).isFalse();
    assertThat(run.flushes).isEqualTo(MESSAGES);
    assertThat(run.received).isEqualTo(expectedBytes());
  }

  @Test
  void theClusteredEventBusConnectionsAreTheOnesBatched() throws Exception {
    int port = Ports.freeBlock(2);
    String cluster = "flush-batching-" + UUID.randomUUID();
    BusFlushBatching first = BusFlushBatching.forBus(busOptions());
    BusFlushBatching second = BusFlushBatching.forBus(busOptions());
    Vertx answering = clustered(cluster, port, first);
    Vertx asking = clustered(cluster, port, second);
    answering.eventBus().<String>consumer("flush-batching.echo", message -> message.reply("echo:" + message.body()))
        .completion().await(20, TimeUnit.SECONDS);

    // Sent from one task of the asking JVM's loop: one pass, so the requests leave in one flush.
    Promise<List<String>> replies = Promise.promise();
    asking.runOnContext(nothing -> {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        calls.add(asking.eventBus().<String>request("flush-batching.echo", "m" + i,
            new DeliveryOptions().setSendTimeout(20_000)).map(reply -> reply.body()));
      }
      Future.all(calls).map(all -> all.<String>list()).onComplete(replies);
    });
    List<String> answers = replies.future().await(60, TimeUnit.SECONDS);

    assertThat(answers).hasSize(MESSAGES).startsWith("echo:m0").endsWith("echo:m" + (MESSAGES - 1));
    assertThat(second.batchedConnections()).as("the asking member's connection to the answering one").isEqualTo(1);
    assertThat(first.batchedConnections()).as("the answering member's connection back, for the replies").isEqualTo(1);
  }

  private record FlushRun(boolean batching, int flushes, String received) {}

  /** Connects with these client options and writes {@link #MESSAGES} buffers in one task of the socket's loop. */
  private FlushRun writeOnePass(NetClientOptions clientOptions, EventBusOptions bus) throws Exception {
    Vertx vertx = Vertx.builder().withTransport(BusFlushBatching.forBus(bus).asVertxTransport()).build();
    started.add(vertx);
    int expected = expectedBytes().length();
    Buffer received = Buffer.buffer();
    Promise<String> allReceived = Promise.promise();
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.handler(data -> {
      received.appendBuffer(data);
      if (received.length() >= expected) {
        allReceived.tryComplete(received.toString());
      }
    }));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    NetSocket socket = vertx.createNetClient(clientOptions).connect(server.actualPort(), "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    ChannelPipeline pipeline = ((NetSocketInternal) socket).channelHandlerContext().pipeline();
    boolean batching = pipeline.get(BusFlushBatching.HANDLER_NAME) != null;
    AtomicInteger flushes = new AtomicInteger();
    Promise<Void> written = Promise.promise();
    pipeline.channel().eventLoop().execute(() -> {
      // Nearest the socket: counts the flushes that reach it.
      pipeline.addFirst("count-flushes", new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) {
          flushes.incrementAndGet();
          ctx.flush();
        }
      });
      for (int i = 0; i < MESSAGES; i++) {
        socket.write(Buffer.buffer("message-" + i + "\n"));
      }
      written.complete();
    });
    written.future().await(10, TimeUnit.SECONDS);
    String text = allReceived.future().await(10, TimeUnit.SECONDS);
    return new FlushRun(batching, flushes.get(), text);
  }

  private static String expectedBytes() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < MESSAGES; i++) {
      all.append("message-").append(i).append('\n');
    }
    return all.toString();
  }

  private static EventBusOptions busOptions() {
    return new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0);
  }

  private Vertx clustered(String cluster, int port, BusFlushBatching transport) throws Exception {
    Config hazelcast = LoopbackHazelcast.member(cluster, port, 2);
    VertxOptions options = new VertxOptions().setEventBusOptions(busOptions());
    Vertx vertx = Vertx.builder().with(options).withTransport(transport.asVertxTransport())
        .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered().await(60, TimeUnit.SECONDS);
    started.add(vertx);
    return vertx;
  }
}
