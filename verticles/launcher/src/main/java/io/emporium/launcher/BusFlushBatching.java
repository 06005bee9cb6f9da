package io.emporium.launcher;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.AttributeKey;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.impl.transports.NioTransport;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's NIO transport, with one change: the event-bus connections this JVM opens to other members send
 * what one event-loop pass wrote to them in one system call.
 *
 * <p>Why: Vert.x flushes a connection after each write unless that same connection is being read, and the
 * bus is written while other connections are read (the gateway sends a message per HTTP request it reads;
 * a service replies from each delivery). So every message cost a write to the kernel: 13 % of the gateway
 * JVM's CPU and 19 % of the product JVM's in a profile of the clustered path. Netty's
 * {@link FlushConsolidationHandler} turns the flushes of one pass into one, made at the end of that pass
 * (a task on the same loop): nothing waits for a later pass or a timer.
 *
 * <p>Only the bus: PostgreSQL and Redis connections measured 3 % more CPU per request with it (each query
 * goes to its own pooled connection, so there is nothing to batch and the deferral is pure cost).
 * Connections accepted by servers (HTTP, the bus's inbound side) are made by the server channel, not by
 * this factory, and keep Vert.x's behaviour.
 */
final class BusFlushBatching extends NioTransport {
  static final String HANDLER_NAME = "emporium-bus-flush-batching";
  private static final Logger LOG = LoggerFactory.getLogger(BusFlushBatching.class);
  private static final AttributeKey<Boolean> BUS_CONNECTION = AttributeKey.valueOf("emporium.bus-connection");

  private final JsonObject busClientOptions;
  private final AtomicInteger batchedConnections = new AtomicInteger();

  private BusFlushBatching(EventBusOptions bus) {
    this.busClientOptions = busClientOptions(bus).toJson();
  }

  /** The transport for a clustered Vert.x whose event bus has these options. */
  static BusFlushBatching forBus(EventBusOptions bus) {
    return new BusFlushBatching(bus);
  }

  /** As {@code VertxBuilder.withTransport} takes it. */
  io.vertx.core.transport.Transport asVertxTransport() {
    return new Named(this);
  }

  /**
   * The options Vert.x's clustered event bus gives the client it connects to other members with
   * ({@code ClusteredEventBus}'s constructor): the bus's client is the one configured with exactly these.
   */
  static NetClientOptions busClientOptions(EventBusOptions bus) {
    return new NetClientOptions(bus.toJson()).setHostnameVerificationAlgorithm("");
  }

  /** How many bus connections were opened with batched flushes (for tests and diagnosis). */
  int batchedConnections() {
    return batchedConnections.get();
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
    super.configure(options, connectTimeout, domainSocket, bootstrap);
    // Runs once per connection attempt, never per message.
    if (options instanceof NetClientOptions && options.toJson().equals(busClientOptions)) {
      bootstrap.attr(BUS_CONNECTION, Boolean.TRUE);
    }
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return domainSocket ? super.channelFactory(true) : BusAwareChannel::new;
  }

  /** A client channel that, when it turns out to be a bus connection, batches its flushes. */
  private final class BusAwareChannel extends NioSocketChannel {
    @Override
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
      // The bootstrap's attributes are on the channel by now (they are not yet when the factory makes it).
      if (Boolean.TRUE.equals(attr(BUS_CONNECTION).get()) && pipeline().get(HANDLER_NAME) == null) {
        pipeline().addFirst(HANDLER_NAME,
            new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        batchedConnections.incrementAndGet();
        LOG.debug("event-bus connection to {}: the messages of one event-loop pass leave in one write", remoteAddress);
      }
      return super.doConnect(remoteAddress, localAddress);
    }
  }

  /** Vert.x's public face of a transport; still "nio" (no native library, nothing platform-specific). */
  private record Named(Transport implementation) implements io.vertx.core.transport.Transport {
    @Override
    public String name() {
      return "nio";
    }

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public Throwable unavailabilityCause() {
      return null;
    }
  }
}
