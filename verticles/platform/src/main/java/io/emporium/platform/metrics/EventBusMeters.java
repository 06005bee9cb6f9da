package io.emporium.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Vert.x's event-bus meters with the names, labels and descriptions vertx-micrometer gives them
 * ({@code vertx_eventbus_sent_total{address,side}}, {@code _received_total}, {@code _delivered_total},
 * {@code _pending}, {@code _handlers}, {@code _processed_total}, ...), each address's meters made once
 * and found again by the address string.
 *
 * <p>Why not vertx-micrometer's own: in 5.0.8 it builds a tag set and asks the registry for three meters
 * on every message; and where two addresses fold into one series (each service instance's address is
 * folded to one value, {@link MetricsSetup}), Micrometer knows only the first address by its id and
 * runs every filter, regular expressions included, for each message to the others. Measured on the
 * uncached product GET: 8 % of the JVM's CPU. Internal addresses ({@code __vertx.}: replies) are not
 * counted, as there.
 */
final class EventBusMeters implements EventBusMetrics<EventBusMeters.HandlerMeters> {
  private static final MetricsNaming NAMES = MetricsNaming.v4Names().withBaseName(MetricsDomain.EVENT_BUS.getPrefix());
  private static final String ADDRESS = Label.EB_ADDRESS.toString();
  private static final String SIDE = Label.EB_SIDE.toString();
  private static final String PENDING_HELP = "Number of messages not processed yet";
  /** Addresses remembered by their string; past it the memory starts again (the meters stay registered). */
  static final int MOST_ADDRESSES = 1_024;

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, AddressMeters> byAddress = new ConcurrentHashMap<>();
  /**
   * The adder behind each gauge series (pending, handlers): addresses folded into one series share it.
   * Guarded by itself.
   */
  private final Map<Meter.Id, LongAdder> adderBySeries = new HashMap<>();

  EventBusMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  private static boolean internal(String address) {
    return address.startsWith("__vertx.");
  }

  AddressMeters of(String address) {
    AddressMeters meters = byAddress.get(address);
    if (meters == null) {
      if (byAddress.size() >= MOST_ADDRESSES) {
        byAddress.clear();
      }
      meters = byAddress.computeIfAbsent(address, AddressMeters::new);
    }
    return meters;
  }

  int rememberedAddresses() {
    return byAddress.size();
  }

  @Override
  public HandlerMeters handlerRegistered(String address) {
    if (internal(address)) {
      return null;
    }
    HandlerMeters meters = new HandlerMeters(of(address));
    meters.handlers.increment();
    return meters;
  }

  @Override
  public void handlerUnregistered(HandlerMeters handler) {
    if (handler != null) {
      handler.handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(HandlerMeters handler, boolean local) {
    if (handler != null) {
      Side side = handler.address.side(local);
      side.pending().decrement();
      (local ? handler.processedLocal : handler.processedRemote).increment();
    }
  }

  @Override
  public void discardMessage(HandlerMeters handler, boolean local, Message<?> msg) {
    if (handler != null) {
      handler.address.side(local).pending().decrement();
      (local ? handler.discardedLocal : handler.discardedRemote).increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (!internal(address)) {
      Side side = of(address).side(local);
      (publish ? side.published() : side.sent()).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (!internal(address)) {
      Side side = of(address).side(local);
      side.received().increment();
      if (handlers > 0) {
        side.pending().add(handlers);
        side.delivered().increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (!internal(address)) {
      of(address).bytesWritten().record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (!internal(address)) {
      of(address).bytesRead().record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (!internal(address)) { // a failure path: no need to keep the meter
      Counter.builder(NAMES.getEbReplyFailures()).description("Number of message reply failures")
          .tags(ADDRESS, address, Label.EB_FAILURE.toString(), failure.name()).register(registry).increment();
    }
  }

  /** The adder behind the gauge of {@code name} and {@code tags}: one per series, whichever address asks. */
  private LongAdder gaugeAdder(String name, String help, Tags tags) {
    synchronized (adderBySeries) {
      LongAdder candidate = new LongAdder();
      // The registry keeps the first gauge of a series (and its adder): ask it which series this is.
      Gauge gauge = Gauge.builder(name, candidate, LongAdder::doubleValue).description(help).tags(tags)
          .strongReference(true).register(registry);
      return adderBySeries.computeIfAbsent(gauge.getId(), id -> candidate);
    }
  }

  /**
   * A meter made at its first use (a meter never used is not exposed). A race makes it twice: the registry
   * gives back the one it has, and {@link #gaugeAdder} the adder it has.
   */
  private static final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T made;

    private Lazy(Supplier<T> make) {
      this.make = make;
    }

    T get() {
      T meter = made;
      if (meter == null) {
        made = meter = make.get();
      }
      return meter;
    }
  }

  /** The meters of one address. */
  final class AddressMeters {
    private final String address;
    private final Side local;
    private final Side remote;
    private final Lazy<DistributionSummary> bytesWritten;
    private final Lazy<DistributionSummary> bytesRead;

    private AddressMeters(String address) {
      this.address = address;
      this.local = new Side(address, "local");
      this.remote = new Side(address, "remote");
      this.bytesWritten = new Lazy<>(() -> summary(NAMES.getEbBytesWritten(),
          "Number of bytes sent while sending messages to event bus cluster peers"));
      this.bytesRead = new Lazy<>(() -> summary(NAMES.getEbBytesRead(),
          "Number of bytes received while reading messages from event bus cluster peers"));
    }

    Side side(boolean isLocal) {
      return isLocal ? local : remote;
    }

    private DistributionSummary bytesWritten() {
      return bytesWritten.get();
    }

    private DistributionSummary bytesRead() {
      return bytesRead.get();
    }

    private DistributionSummary summary(String name, String help) {
      return DistributionSummary.builder(name).description(help).tags(ADDRESS, address).register(registry);
    }
  }

  /** The meters of one address on one side (local or remote). */
  final class Side {
    private final Tags tags;
    private final Lazy<Counter> sent = new Lazy<>(() -> counter(NAMES.getEbSent(),
        "Number of messages sent (point-to-point)"));
    private final Lazy<Counter> published = new Lazy<>(() -> counter(NAMES.getEbPublished(),
        "Number of messages published (publish / subscribe)"));
    private final Lazy<Counter> received = new Lazy<>(() -> counter(NAMES.getEbReceived(),
        "Number of messages received"));
    private final Lazy<Counter> delivered = new Lazy<>(() -> counter(NAMES.getEbDelivered(),
        "Number of messages delivered to handlers"));
    private final Lazy<LongAdder> pending;

    private Side(String address, String side) {
      this.tags = Tags.of(ADDRESS, address, SIDE, side);
      this.pending = new Lazy<>(() -> gaugeAdder(NAMES.getEbPending(), PENDING_HELP, tags));
    }

    Counter sent() {
      return sent.get();
    }

    Counter published() {
      return published.get();
    }

    Counter received() {
      return received.get();
    }

    Counter delivered() {
      return delivered.get();
    }

    LongAdder pending() {
      return pending.get();
    }

    Counter counter(String name, String help) {
      return Counter.builder(name).description(help).tags(tags).register(registry);
    }
  }

  /** The meters of one consumer: made when it registers, as vertx-micrometer makes them (zero until used). */
  final class HandlerMeters {
    private final AddressMeters address;
    private final LongAdder handlers;
    private final Counter processedLocal;
    private final Counter processedRemote;
    private final Counter discardedLocal;
    private final Counter discardedRemote;

    private HandlerMeters(AddressMeters address) {
      this.address = address;
      this.handlers = gaugeAdder(NAMES.getEbHandlers(), "Number of event bus handlers in use",
          Tags.of(ADDRESS, address.address));
      address.local.pending();
      address.remote.pending();
      this.processedLocal = address.local.counter(NAMES.getEbProcessed(), "Number of processed messages");
      this.processedRemote = address.remote.counter(NAMES.getEbProcessed(), "Number of processed messages");
      this.discardedLocal = address.local.counter(NAMES.getEbDiscarded(), "Number of discarded messages");
      this.discardedRemote = address.remote.counter(NAMES.getEbDiscarded(), "Number of discarded messages");
    }
  }
}
