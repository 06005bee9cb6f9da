package io.emporium.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route's compiled pipeline behind a real router and HTTP server, as the gateway mounts it. */
class RoutePipelineTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Router router;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    router = Router.router(vertx);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.close().await();
  }

  private Policy named(String name) {
    return (ctx, next) -> {
      ran.add(name);
      next.handle(ctx);
    };
  }

  private void answer(RoutingContext ctx) {
    ran.add("handler");
    ctx.response().end("ok");
  }

  private HttpResponse<Buffer> get(String path) {
    return client.get(server.actualPort(), "127.0.0.1", path).timeout(5_000).send().await();
  }

  @Test
  void policiesRunInOrderThenTheHandlerAndNoneIsLeftOut() {
    router.get("/p").handler(RoutePipeline.compile(
        List.of(named("rate"), Policy.NONE, named("access"), named("cache")), this::answer));

    assertThat(get("/p").bodyAsString()).isEqualTo("ok");
    assertThat(ran).containsExactly("rate", "access", "cache", "handler");
  }

  @Test
  void aPolicyThatAnswersEndsThePipeline() {
    Policy refuse = (ctx, next) -> {
      ran.add("refuse");
      ctx.response().setStatusCode(429).end();
    };
    router.get("/p").handler(RoutePipeline.compile(List.of(named("first"), refuse, named("never")), this::answer));

    assertThat(get("/p").statusCode()).isEqualTo(429);
    assertThat(ran).containsExactly("first", "refuse");
  }

  @Test
  void aPolicyGoesOnWhenWhatItWaitedForCompletes() {
    Policy later = (ctx, next) -> ctx.vertx().setTimer(20, id -> {
      ran.add("later");
      next.handle(ctx);
    });
    router.get("/p").handler(RoutePipeline.compile(List.of(later, named("after")), this::answer));

    assertThat(get("/p").bodyAsString()).isEqualTo("ok");
    assertThat(ran).containsExactly("later", "after", "handler");
  }

  @Test
  void aFailureAfterACallbackIsTheRoutersFailureNotAHungRequest() {
    // Outside vertx-web's own call (in a timer), a throwing link would otherwise leave the request unanswered.
    Policy later = (ctx, next) -> ctx.vertx().setTimer(20, id -> next.handle(ctx));
    router.get("/p").handler(RoutePipeline.compile(List.of(later), ctx -> {
      throw new IllegalStateException("boom");
    }));
    router.errorHandler(500, ctx -> ctx.response().setStatusCode(500).end("failed: " + ctx.failure().getMessage()));

    HttpResponse<Buffer> response = get("/p");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.bodyAsString()).isEqualTo("failed: boom");
  }

  @Test
  void aStepGoesOnOnlyWhenItSaysSo() {
    router.get("/yes").handler(RoutePipeline.compile(List.of(Policy.of(ctx -> true)), this::answer));
    router.get("/no").handler(RoutePipeline.compile(List.of(Policy.of(ctx -> {
      ctx.response().setStatusCode(400).end();
      return false;
    })), this::answer));

    assertThat(get("/yes").statusCode()).isEqualTo(200);
    assertThat(get("/no").statusCode()).isEqualTo(400);
    assertThat(ran).containsExactly("handler");
  }
}
