package org.example.catalogue;

import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.emporium.contract.Addresses;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * What every program here does to reach Emporium, as EVENT-BUS-CONTRACT.md says: join with the
 * cluster's own Hazelcast file, and read a failure by its kind. Written from the contract alone: of
 * Emporium, only the contract's artifact (emporium-contract: addresses, headers, action names, error
 * codes), besides vertx-core and vertx-hazelcast.
 */
final class EmporiumBus {
  /** The services' addresses and the action header, from the contract. */
  static final String PRODUCT = Addresses.shared(ServiceName.PRODUCT);
  static final String USER = Addresses.shared(ServiceName.USER);
  static final String ACTION = Headers.ACTION;
  /** Always bound a request: the Vert.x default is 30 s. */
  static final long SEND_TIMEOUT_MS = 5_000;

  private EmporiumBus() {}

  /**
   * Joins the cluster described by {@code hazelcastXml} (the file the Emporium JVMs use, and so their
   * cluster name and member list). Fails with whatever stopped the join, errors included (a missing
   * class is a {@link NoClassDefFoundError}, not an exception).
   */
  static Vertx join(String hazelcastXml) throws Exception {
    return Vertx.builder()
        // Advertise loopback: by default Vert.x picks the first non-loopback interface, which the other
        // members may not reach.
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(new FileSystemXmlConfig(hazelcastXml)))
        .buildClustered()
        .await(60, TimeUnit.SECONDS);
  }

  /** Leaves the cluster cleanly: vertx-hazelcast installs no shutdown hook. */
  static void leave(Vertx vertx) throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /**
   * One line for a failed request: {@code FAILED <contract code> <detail>} when the bus or the service
   * answered, {@code LOCAL <exception>} when the request failed in this JVM before it left.
   */
  static String describe(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        // The service answered with an error: switch on its "code", never parse "message".
        case RECIPIENT_FAILURE -> "FAILED " + code(reply) + " " + reply.getMessage();
        case TIMEOUT -> "FAILED TIMEOUT no answer within the send timeout";
        case NO_HANDLERS -> "FAILED UNAVAILABLE no instance consumes the address";
        // The bus could not deliver (e.g. the receiver lacks the codec): do not retry.
        case ERROR -> "FAILED UNAVAILABLE " + reply.getMessage();
      };
    }
    // Not an answer from anyone: a body JSON cannot encode (EncodeException), a body type without a
    // codec (IllegalArgumentException)... A bug of this program: nothing reached the service.
    return "LOCAL " + failure.getClass().getName() + ": " + failure.getMessage();
  }

  /** The contract code of a service's answer ({"code","message","field"?}), read by the contract's reader. */
  static String code(ReplyException reply) {
    return ServiceError.from(reply).code().name();
  }
}
