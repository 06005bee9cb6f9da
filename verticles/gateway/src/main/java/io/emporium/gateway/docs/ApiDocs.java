package io.emporium.gateway.docs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's OpenAPI 3 document ({@code GET /openapi.json}, from {@value #DOCUMENT} in the jar) and its
 * interactive documentation at {@code /docs}: Swagger UI from its webjar, served by the gateway itself,
 * so it works without internet access, under a CSP that lets only the gateway's own scripts run.
 */
public final class ApiDocs {
  /** The route label of the documentation page's assets in the request metrics. */
  public static final String ASSETS_ROUTE = "/docs/*";

  public static final String DOCUMENT = "openapi/emporium.json";
  /** The version of org.webjars:swagger-ui in the gateway's pom. */
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.32.6";
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

  private final Buffer document;
  private final Buffer index;
  private final Buffer init;

  private ApiDocs(Buffer document, Buffer index, Buffer init) {
    this.document = document;
    this.index = index;
    this.init = init;
  }

  public static ApiDocs load() {
    return new ApiDocs(resource(DOCUMENT), resource("docs/index.html"), resource("docs/init.js"));
  }

  /** The document, parsed (a copy: the served bytes stay as they are). */
  public JsonObject document() {
    return new JsonObject(document);
  }

  /** The paths and methods the document describes, as {@code GET /api/products/{id}}. */
  public List<String> operations() {
    JsonObject paths = new JsonObject(document).getJsonObject("paths");
    List<String> operations = new ArrayList<>();
    paths.forEach(path -> ((JsonObject) path.getValue()).fieldNames()
        .forEach(method -> operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    return operations;
  }

  public void mount(Router router) {
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache").end(document));
    // vertx-web matches /docs and /docs/ alike; the page names its assets by absolute path
    router.get("/docs").handler(ctx -> page(ctx, "text/html; charset=utf-8", index));
    router.get("/docs/init.js").handler(ctx -> page(ctx, "text/javascript; charset=utf-8", init));
    // Named: a prefix route is reported to the metrics by its prefix, which labels nothing ("unmatched").
    router.get("/docs/*").setName(ASSETS_ROUTE).handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CSP);
      ctx.next();
    }).handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true).setDirectoryListing(false));
  }

  private static void page(RoutingContext ctx, String type, Buffer body) {
    ctx.response().putHeader("Content-Type", type).putHeader("Content-Security-Policy", CSP)
        .putHeader("Cache-Control", "no-cache").end(body);
  }

  private static Buffer resource(String path) {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the gateway's resources");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
