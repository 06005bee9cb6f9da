package io.emporium.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark ceiling: a bare Vert.x HTTP server (one verticle's worth, every event loop) answering a
 * fixed JSON body, the same bytes the gateway answers for a cached product.
 *
 * <pre>java -cp emporium-bench.jar io.emporium.bench.BareHttpServer PORT BODY_FILE</pre>
 */
public final class BareHttpServer {
  private BareHttpServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
    Vertx vertx = Vertx.vertx();
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < loops; i++) {
      vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
          .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(body))
          .listen().await();
    }
    System.out.println("bare HTTP server on 127.0.0.1:" + port);
  }
}
