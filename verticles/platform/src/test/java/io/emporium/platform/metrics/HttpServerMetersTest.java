package io.emporium.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.testing.PrometheusText;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vert.x's HTTP server metrics as {@link HttpServerMeters} records them: the names, labels and values
 * vertx-micrometer gives them, over real HTTP (routes are reported as vertx-web reports them).
 */
class HttpServerMetersTest {
  private Vertx vertx;
  private HttpClient client;
  private int port;
  /** The answer of the one request a test holds open (path /held). */
  private final Promise<Void> release = Promise.promise();

  @BeforeEach
  void start() throws Exception {
    vertx = MetricsSetup.vertx("test");
    HttpServer server = vertx.createHttpServer().requestHandler(this::answer);
    port = await(server.listen(0, "127.0.0.1")).actualPort();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  /**
   * Like a router: /things/1 passes two routes and answers 200; /held waits; anything else matches none.
   * Under /gw the same, routed first by a route named as the gateway names its first one.
   */
  private void answer(HttpServerRequest request) {
    boolean gateway = request.path().startsWith("/gw/");
    String path = gateway ? request.path().substring("/gw".length()) : request.path();
    if (gateway) {
      request.routed(EmporiumMetrics.GATEWAY_ROUTE_NAME);
    }
    request.body().onSuccess(body -> {
      if (path.startsWith("/things/")) {
        request.routed("/api/*");
        request.routed("/things/:id");
        request.response().setStatusCode(request.method() == HttpMethod.POST ? 201 : 200).end("thing " + body.length());
      } else if (path.equals("/held")) {
        request.routed("/held");
        release.future().onComplete(v -> request.response().end());
      } else {
        if (gateway) {
          request.routed("/api/"); // how vertx-web names a catch-all route /api/*: not a template
        }
        request.response().setStatusCode(404).end();
      }
    });
  }

  /**
   * The body is asked for in the callback that receives the response, as Vert.x requires: chained on
   * the outer future from this (test) thread, the ask could come after the response had ended, and its
   * body never completes (seen under load: one request in a hundred waited its whole 10 s).
   */
  private Future<HttpClientResponse> send(HttpMethod method, String path, String body) {
    return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
            .compose(response -> response.body().map(response)));
  }

  private PrometheusText scrape() {
    return new PrometheusText(EmporiumMetrics.of(vertx).scrape());
  }

  @Test
  void everyAnswerIsCountedTimedAndSizedByMethodRouteAndCode() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(await(send(HttpMethod.GET, "/things/1", null)).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(await(send(HttpMethod.POST, "/things/2", "hello")).statusCode()).isEqualTo(201);
    }
    assertThat(await(send(HttpMethod.GET, "/missing", null)).statusCode()).isEqualTo(404);

    PrometheusText metrics = scrape();
    String requests = "vertx_http_server_requests_total";
    assertThat(metrics.sum(requests, "method", "GET", "route", "/things/:id", "code", "200")).isEqualTo(3);
    assertThat(metrics.sum(requests, "method", "POST", "route", "/things/:id", "code", "201")).isEqualTo(2);
    // No route: Vert.x's own label value for it, the empty string.
    assertThat(metrics.sum(requests, "method", "GET", "route", "", "code", "404")).isEqualTo(1);
    assertThat(metrics.sum(requests)).isEqualTo(6);

    // One request-duration family, the gateway's: Vert.x's own timer by exact code is not made.
    assertThat(metrics.has("vertx_http_server_response_time_seconds_bucket")).isFalse();
    assertThat(metrics.has("vertx_http_server_response_time_seconds_count")).isFalse();

    assertThat(metrics.sum("vertx_http_server_request_bytes_count", "method", "POST")).isEqualTo(2);
    assertThat(metrics.sum("vertx_http_server_request_bytes_sum", "method", "POST")).isEqualTo(10);
    assertThat(metrics.sum("vertx_http_server_request_bytes_count", "method", "GET")).isEqualTo(4);
    // Nor its response sizes by code: the gateway's payload summary sizes answers.
    assertThat(metrics.has("vertx_http_server_response_bytes_count")).isFalse();
    assertThat(metrics.sum("vertx_http_server_active_requests")).isZero();
    // The connection-level meters are still vertx-micrometer's.
    assertThat(metrics.has("vertx_http_server_active_connections")).isTrue();
    assertThat(metrics.sum("vertx_http_server_bytes_read_total")).isPositive();
  }

  @Test
  void theGatewaysRequestsAreAlsoCountedByTemplateAndStatusClassAndSized() throws Exception {
    for (int i = 0; i < 2; i++) {
      assertThat(await(send(HttpMethod.GET, "/gw/things/1", null)).statusCode()).isEqualTo(200);
    }
    assertThat(await(send(HttpMethod.POST, "/gw/things/2", "hello")).statusCode()).isEqualTo(201);
    assertThat(await(send(HttpMethod.GET, "/gw/missing", null)).statusCode()).isEqualTo(404);
    // Not marked by the gateway's route (a management server's request): Vert.x's meters only.
    assertThat(await(send(HttpMethod.GET, "/things/1", null)).statusCode()).isEqualTo(200);

    PrometheusText metrics = scrape();
    String requests = "emporium_http_requests_total";
    assertThat(metrics.sum(requests, "route", "/things/:id", "method", "GET", "status_class", "2xx")).isEqualTo(2);
    assertThat(metrics.sum(requests, "route", "/things/:id", "method", "POST", "status_class", "2xx")).isEqualTo(1);
    assertThat(metrics.sum(requests, "route", "unmatched", "method", "GET", "status_class", "4xx")).isEqualTo(1);
    assertThat(metrics.sum(requests)).isEqualTo(4);
    String duration = "emporium_http_request_duration_seconds";
    assertThat(metrics.sum(duration + "_count", "route", "/things/:id", "method", "GET")).isEqualTo(2);
    assertThat(metrics.count(duration + "_bucket", "route", "/things/:id", "method", "GET")).isEqualTo(10);
    assertThat(metrics.sum(duration + "_sum", "route", "/things/:id", "method", "GET")).isPositive();
    // Bodies: one request had one ("hello"); every response is a size, the empty 404 too.
    String sizes = "emporium_http_payload_size_bytes";
    assertThat(metrics.sum(sizes + "_count", "direction", "request")).isEqualTo(1);
    assertThat(metrics.sum(sizes + "_sum", "direction", "request")).isEqualTo(5);
    assertThat(metrics.sum(sizes + "_count", "direction", "response")).isEqualTo(4);
    assertThat(metrics.sum(sizes + "_sum", "direction", "response")).isEqualTo(3 * "thing 0".length());
    assertThat(metrics.count(sizes, "direction", "response")).as("p50, p95, p99").isEqualTo(3);
    // The gateway's marker is not a route: Vert.x's label is still the route that answered.
    assertThat(metrics.sum("vertx_http_server_requests_total", "method", "GET", "route", "/things/:id", "code", "200"))
        .isEqualTo(3);
    assertThat(metrics.sum("vertx_http_server_requests_total", "route", EmporiumMetrics.GATEWAY_ROUTE_NAME)).isZero();
  }

  @Test
  void aMethodHttpDoesNotRegisterIsLabelledOtherSoLabelsStayBounded() throws Exception {
    for (String method : new String[] {"BREW", "WHEN", "BREW"}) {
      assertThat(await(send(HttpMethod.valueOf(method), "/things/1", null)).statusCode()).isEqualTo(200);
    }
    PrometheusText metrics = scrape();
    assertThat(metrics.sum("vertx_http_server_requests_total", "method", "OTHER", "route", "/things/:id")).isEqualTo(3);
    assertThat(metrics.count("vertx_http_server_requests_total", "method", "BREW")).isZero();
    assertThat(metrics.count("vertx_http_server_active_requests", "method", "OTHER")).isEqualTo(1);
  }

  @Test
  void aRequestInProgressIsActiveUntilItsAnswerEnds() throws Exception {
    Future<HttpClientResponse> held = send(HttpMethod.GET, "/held", null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (scrape().sum("vertx_http_server_active_requests", "method", "GET") < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(scrape().sum("vertx_http_server_active_requests", "method", "GET")).isEqualTo(1);
    assertThat(scrape().sum("vertx_http_server_requests_total", "route", "/held")).isZero();

    release.complete();
    assertThat(await(held).statusCode()).isEqualTo(200);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (scrape().sum("vertx_http_server_requests_total", "route", "/held") < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(scrape().sum("vertx_http_server_requests_total", "method", "GET", "route", "/held", "code", "200"))
        .isEqualTo(1);
    assertThat(scrape().sum("vertx_http_server_active_requests", "method", "GET")).isZero();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
