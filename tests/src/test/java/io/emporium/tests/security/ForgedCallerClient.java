package io.emporium.tests.security;

// Like the example client: vertx-core and Hazelcast only, no Emporium class. It plays a process that
// joined the cluster and tries to act as an admin by setting the caller headers itself.
import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code ForgedCallerClient <hazelcast.xml> <product-id> <secret>}: sends
 * {@code product.admin.set-featured} with an admin caller four ways and prints one line per attempt,
 * {@code <attempt> OK} or {@code <attempt> FAILED <code>}:
 * <ul>
 *   <li>{@code unsigned}: the caller headers alone;
 *   <li>{@code forged}: with a signature made with a key of its own;
 *   <li>{@code expired}: signed with {@code secret}, but the expiry has passed;
 *   <li>{@code other-action}: a valid signature for another action, replayed on this one;
 *   <li>{@code signed}: signed with {@code secret} as EVENT-BUS-CONTRACT.md describes (last, so
 *       that it shows the refusals above come from the signature and nothing else).
 * </ul>
 */
public final class ForgedCallerClient {
  private static final String SET_FEATURED = "product.admin.set-featured";

  private ForgedCallerClient() {}

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(new FileSystemXmlConfig(args[0])))
        .buildClustered().await(60, TimeUnit.SECONDS);
    String productId = args[1];
    byte[] secret = args[2].getBytes(StandardCharsets.UTF_8);
    String admin = UUID.randomUUID().toString();
    long soon = System.currentTimeMillis() + 20_000;
    try {
      attempt(vertx, "unsigned", productId, base(admin));
      attempt(vertx, "forged", productId, base(admin).addHeader("caller-expires", Long.toString(soon))
          .addHeader("caller-signature", sign("a key of my own".getBytes(StandardCharsets.UTF_8), SET_FEATURED, admin, soon)));
      long past = System.currentTimeMillis() - 1_000;
      attempt(vertx, "expired", productId, base(admin).addHeader("caller-expires", Long.toString(past))
          .addHeader("caller-signature", sign(secret, SET_FEATURED, admin, past)));
      attempt(vertx, "other-action", productId, base(admin).addHeader("caller-expires", Long.toString(soon))
          .addHeader("caller-signature", sign(secret, "product.admin.queue-stats", admin, soon)));
      attempt(vertx, "signed", productId, base(admin).addHeader("caller-expires", Long.toString(soon))
          .addHeader("caller-signature", sign(secret, SET_FEATURED, admin, soon)));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static DeliveryOptions base(String admin) {
    return new DeliveryOptions().setSendTimeout(5_000).addHeader("action", SET_FEATURED)
        .addHeader("caller-id", admin).addHeader("caller-roles", "admin,user");
  }

  private static void attempt(Vertx vertx, String name, String productId, DeliveryOptions options) {
    try {
      vertx.eventBus().request("emporium.product", new JsonObject().put("id", productId).put("featured", true), options)
          .await(10, TimeUnit.SECONDS);
      System.out.println(name + " OK");
    } catch (ReplyException e) {
      String code = e.getMessage() != null && e.getMessage().startsWith("{")
          ? new JsonObject(e.getMessage()).getString("code") : e.failureType().name();
      System.out.println(name + " FAILED " + code);
    } catch (Exception e) {
      System.out.println(name + " FAILED " + e);
    }
  }

  /** HMAC-SHA256 over the documented lines, base64url without padding. */
  private static String sign(byte[] key, String action, String callerId, long expires) throws Exception {
    String signed = "emporium-caller-v1\n" + action + "\n" + callerId + "\n" + "admin,user" + "\n" + expires;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }
}
