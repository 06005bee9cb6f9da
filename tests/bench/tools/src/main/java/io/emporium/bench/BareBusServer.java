package io.emporium.bench;

import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark ceiling for the clustered ratio: bare Vert.x doing the hop the gateway does, with nothing of
 * Emporium on it. An HTTP request becomes an event-bus request (a JSON object, an action header, a send
 * timeout), a consumer replies with fixed JSON bytes (a product), and the reply is the HTTP answer.
 * {@code local} runs both sides in one Vert.x; {@code front} (HTTP side) and {@code back} (consumer side)
 * run them in two JVMs over the clustered event bus, with the Hazelcast configuration given. Every side
 * deploys one instance per core, as Emporium does.
 *
 * <pre>
 * java -cp emporium-bench.jar io.emporium.bench.BareBusServer local PORT BODY_FILE
 * java -cp emporium-bench.jar io.emporium.bench.BareBusServer back BODY_FILE HAZELCAST_XML
 * java -cp emporium-bench.jar io.emporium.bench.BareBusServer front PORT HAZELCAST_XML
 * </pre>
 */
public final class BareBusServer {
  private static final String ADDRESS = "bare.product.get";

  private BareBusServer() {}

  public static void main(String[] args) throws Exception {
    String side = args[0];
    int cores = Runtime.getRuntime().availableProcessors();
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(cores);
    Vertx vertx = switch (side) {
      case "local" -> Vertx.vertx(options);
      case "back", "front" -> Vertx.builder().with(options)
          .withClusterManager(new HazelcastClusterManager(new FileSystemXmlConfig(args[2]))).buildClustered().await();
      default -> throw new IllegalArgumentException("side: local, front or back, not " + side);
    };
    DeploymentOptions perCore = new DeploymentOptions().setInstances(cores);
    if (!side.equals("front")) {
      Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[side.equals("local") ? 2 : 1])));
      vertx.deployVerticle(() -> new Consumer(body), perCore).await();
    }
    if (!side.equals("back")) {
      int port = Integer.parseInt(args[1]);
      vertx.deployVerticle(() -> new Front(port), perCore).await();
    }
    System.out.println("bare bus server ready (" + side + ")");
  }

  /** The service side: replies the product's bytes. */
  private static final class Consumer extends VerticleBase {
    private final Buffer body;

    Consumer(Buffer body) {
      this.body = body;
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().<JsonObject>consumer(ADDRESS, message -> message.reply(body)).completion();
    }
  }

  /** The HTTP side: one bus request per HTTP request, its reply as the answer (503 when it fails). */
  private static final class Front extends VerticleBase {
    private final int port;

    Front(int port) {
      this.port = port;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer().requestHandler(request -> {
        DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(5_000).addHeader("action", "product.get");
        vertx.eventBus().<Buffer>request(ADDRESS, new JsonObject().put("id", request.path()), delivery)
            .onComplete(reply -> {
              if (reply.succeeded()) {
                request.response().putHeader("Content-Type", "application/json").end(reply.result().body());
              } else {
                request.response().setStatusCode(503).end();
              }
            });
      }).listen(port, "127.0.0.1");
    }
  }
}
