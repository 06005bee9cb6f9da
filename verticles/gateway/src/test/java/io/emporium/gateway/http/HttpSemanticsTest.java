package io.emporium.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.gateway.testing.GatewayFixture;
import io.emporium.testkit.Http.Reply;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP as RFC 9110-9112 say it, seen from real clients: HEAD, 405, framing, entity tags, encodings, 201, 428. */
class HttpSemanticsTest {
  private static GatewayFixture gateway;
  private static String productId;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start(Map.of());
    // a long name makes an answer worth compressing
    productId = gateway.createProduct(gateway.admin(), "Porcelain espresso cup, hand-glazed, "
        + "white, white, white, white, white, white, white, white, white, white, white, white, white, white");
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  @Test
  void headAnswersLikeGetWithoutABody() {
    for (String path : new String[] {"/api/products/" + productId, "/api/products?size=5", "/api/categories",
        "/api/health/live", "/api/health/ready", "/openapi.json"}) {
      Reply get = gateway.get(path);
      Reply head = gateway.send("HEAD", path, null, null);
      assertThat(head.status()).as(path).isEqualTo(get.status());
      assertThat(head.body()).as(path).isEmpty();
      assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
      assertThat(head.header("Content-Length")).as(path).isEqualTo(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
      assertThat(head.header("ETag")).as(path).isEqualTo(get.header("ETag"));
    }
    assertThat(gateway.send("HEAD", "/api/no-such-route", null, null).status()).isEqualTo(404);
    Reply headOnPostOnly = gateway.send("HEAD", "/api/auth/login", null, null);
    assertThat(headOnPostOnly.status()).isEqualTo(405);
    assertThat(headOnPostOnly.header("Allow")).isEqualTo("POST");
  }

  @Test
  void anotherMethodOnAProbeIs405WithAllow() {
    for (String probe : new String[] {"/api/health/live", "/api/health/ready"}) {
      Reply post = gateway.send("POST", probe, new JsonObject(), null);
      assertThat(post.status()).as(probe).isEqualTo(405);
      assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
      assertThat(post.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(post.json().getString("code")).isEqualTo("METHOD_NOT_ALLOWED");
    }
    assertThat(gateway.send("DELETE", "/api/products", null, null).header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void aRequestWithBothContentLengthAndTransferEncodingIsRefusedAndTheConnectionClosed() throws Exception {
    String smuggled = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        + "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n";
    String answer = exchange(smuggled);
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(answer).contains("application/problem+json").contains("\"code\":\"MALFORMED_REQUEST\"");
    // one answer, then the server closed: the request behind it was never read
    assertThat(answer.split("HTTP/1.1 ", -1)).hasSize(2);
    assertThat(answer).doesNotContain("did not close");
    // a well-framed request on a fresh connection is still served
    assertThat(exchange("GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void theETagOfAGetIsAcceptedByIfMatchAndIfNoneMatch() {
    String admin = gateway.admin();
    String id = gateway.createProduct(admin, "Tagged");
    Reply read = gateway.get("/api/products/" + id);
    String etag = read.header("ETag");
    assertThat(etag).isEqualTo("\"" + read.json().getLong("version") + "\"");
    assertThat(gateway.send("GET", "/api/products/" + id, null, null, Map.of("If-None-Match", etag)).status()).isEqualTo(304);

    Reply changed = gateway.send("PUT", "/api/admin/products/" + id, new JsonObject().put("name", "Tagged again"), admin,
        Map.of("If-Match", etag));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    String next = changed.header("ETag");
    assertThat(next).isNotEqualTo(etag).isEqualTo("\"" + changed.json().getLong("version") + "\"");
    // the old tag is stale now: 412, and nothing changes
    Reply stale = gateway.send("PUT", "/api/admin/products/" + id, new JsonObject().put("name", "Lost update"), admin,
        Map.of("If-Match", etag));
    assertThat(stale.status()).isEqualTo(412);
    // the tag of another representation of the current version (a field selection) names that version too
    String selected = gateway.get("/api/products/" + id + "?fields=name").header("ETag");
    assertThat(selected).startsWith(next.substring(0, next.length() - 1) + "-f").isNotEqualTo(next);
    assertThat(gateway.send("PUT", "/api/admin/products/" + id, new JsonObject().put("name", "Selected"), admin,
        Map.of("If-Match", selected)).status()).isEqualTo(200);
    // the version-number form keeps working
    long version = gateway.get("/api/products/" + id).json().getLong("version");
    assertThat(gateway.send("PUT", "/api/admin/products/" + id, new JsonObject().put("name", "By number"), admin,
        Map.of("If-Match", "\"" + version + "\"")).status()).isEqualTo(200);
  }

  @Test
  void gzipAndIdentityAnswersHaveTheirOwnTagsAndVaryOnAcceptEncoding() throws Exception {
    String path = "/api/products/" + productId;
    Reply identity = gateway.get(path);
    HttpResponse<byte[]> gzip = gateway.getBytes(path, Map.of("Accept-Encoding", "gzip"));
    assertThat(gzip.statusCode()).isEqualTo(200);
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String gzipTag = gzip.headers().firstValue("ETag").orElseThrow();
    assertThat(gzipTag).isNotEqualTo(identity.header("ETag"));
    assertThat(new String(gunzip(gzip.body()), StandardCharsets.UTF_8)).isEqualTo(identity.body());
    for (String vary : new String[] {identity.header("Vary"), gzip.headers().firstValue("Vary").orElseThrow()}) {
      assertThat(vary).contains("Accept-Encoding");
    }
    assertThat(identity.header("Content-Encoding")).isNull();
    // each tag revalidates its own form only
    assertThat(gateway.getBytes(path, Map.of("Accept-Encoding", "gzip", "If-None-Match", gzipTag)).statusCode()).isEqualTo(304);
    assertThat(gateway.getBytes(path, Map.of("Accept-Encoding", "gzip", "If-None-Match", identity.header("ETag"))).statusCode()).isEqualTo(200);
    assertThat(gateway.getBytes(path, Map.of("Accept-Encoding", "gzip;q=0, identity")).headers().firstValue("Content-Encoding")).isEmpty();
    // answers the gateway does not prepare (no cache) are compressed by the server: they vary too
    assertThat(gateway.get("/api/nope").header("Vary")).contains("Accept-Encoding");
  }

  @Test
  void createdAnswersSayWhereAndTheLocationCanBeRead() {
    String admin = gateway.admin();
    JsonObject product = new JsonObject().put("sku", "LOC-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Located").put("price", new JsonObject().put("amount", "3.50").put("currency", "EUR")).put("stock", 1);
    Reply created = gateway.send("POST", "/api/admin/products", product, admin);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/products/" + created.json().getString("id"));
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(gateway.get(created.header("Location")).json().getString("name")).isEqualTo("Located");

    String slug = "loc-" + UUID.randomUUID().toString().substring(0, 8);
    Reply category = gateway.send("POST", "/api/admin/categories", new JsonObject().put("slug", slug).put("name", "Located"),
        admin);
    assertThat(category.status()).isEqualTo(201);
    assertThat(category.header("Location")).isEqualTo("/api/categories/" + slug);
    Reply read = gateway.get(category.header("Location"));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getString("slug")).isEqualTo(slug);
    assertThat(read.json().getLong("totalCount")).isZero();
    assertThat(gateway.get("/api/categories/no-such-category").status()).isEqualTo(404);
  }

  @Test
  void anUpdateWithoutAVersionIs428NamingWhatIsMissing() {
    Reply missing = gateway.send("PUT", "/api/admin/products/" + productId, new JsonObject().put("name", "No version"),
        gateway.admin());
    assertThat(missing.status()).isEqualTo(428);
    assertThat(missing.json().getString("code")).isEqualTo("PRECONDITION_REQUIRED");
    assertThat(missing.json().getString("field")).isEqualTo("If-Match");
    assertThat(missing.json().getString("detail")).contains("If-Match").contains("version");
    assertThat(gateway.get("/api/products/" + productId).json().getString("name")).isNotEqualTo("No version");
  }

  @Test
  void aFieldSelectionNamingAnUnknownFieldIs400NamingIt() {
    Reply misspelt = gateway.get("/api/products/" + productId + "?fields=nme,price");
    assertThat(misspelt.status()).isEqualTo(400);
    assertThat(misspelt.json().getString("field")).isEqualTo("fields");
    assertThat(misspelt.json().getString("detail")).contains("'nme'").doesNotContain("'price'");
    // on a list, the names are those of its items
    Reply inAList = gateway.get("/api/products?fields=nme,price");
    assertThat(inAList.status()).isEqualTo(400);
    assertThat(inAList.json().getString("detail")).contains("'nme'").doesNotContain("'price'");
    assertThat(gateway.get("/api/products?fields=id,price").status()).isEqualTo(200);
    Reply selected = gateway.get("/api/products/" + productId + "?fields=name,price");
    assertThat(selected.status()).isEqualTo(200);
    assertThat(selected.json().fieldNames()).containsExactlyInAnyOrder("name", "price");
  }

  private static byte[] gunzip(byte[] bytes) throws Exception {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** Writes raw bytes on a new connection and reads until the server closes it (or 5 s pass). */
  private static String exchange(String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException notClosed) {
        answer.write("\n[the server did not close the connection]".getBytes(StandardCharsets.US_ASCII));
      }
      return answer.toString(StandardCharsets.US_ASCII);
    }
  }
}
