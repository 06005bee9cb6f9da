package org.example.catalogue;

import io.emporium.contract.Headers;
import io.emporium.contract.ProductAction;
import io.emporium.contract.UserAction;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code SignedCallers <hazelcast.xml> <cluster-secret> <admin-email> <admin-password>}: a trusted
 * program that holds the cluster secret (EVENT-BUS-CONTRACT.md, "Signed callers") and tries to create a
 * category ({@code product.admin.category.create}) as an admin, one way per line:
 * {@code <attempt> OK} or {@code <attempt> FAILED <code>}.
 * <ul>
 *   <li>{@code unsigned}, {@code forged} (a key of its own), {@code expired}, {@code other-action} (a
 *       signature made for another action): refused for the signature;
 *   <li>{@code unknown-admin}: correctly signed, for an id the user service does not know;
 *   <li>{@code disabled-admin}, {@code demoted-admin}: correctly signed, for admins it made through the
 *       user service and then disabled, or took the admin role from;
 *   <li>{@code signed}: correctly signed, for the admin it signed in as (last: the refusals above come
 *       from the signature or the account, nothing else).
 * </ul>
 */
public final class SignedCallers {
  private static final String CREATE_CATEGORY = ProductAction.ADMIN_CATEGORY_CREATE.wireName();
  private static final String ADMIN_ROLES = "admin,user";

  private final Vertx vertx;
  private final byte[] secret;

  private SignedCallers(Vertx vertx, byte[] secret) {
    this.vertx = vertx;
    this.secret = secret;
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = EmporiumBus.join(args[0]);
    try {
      SignedCallers program = new SignedCallers(vertx, args[1].getBytes(StandardCharsets.UTF_8));
      String admin = program.signIn(args[2], args[3]);
      String disabled = program.newAdmin(admin);
      program.asAdmin(admin, UserAction.ADMIN_SET_STATUS.wireName(), new JsonObject().put("id", disabled).put("status", "disabled"));
      String demoted = program.newAdmin(admin);
      program.asAdmin(admin, UserAction.ADMIN_SET_ROLE.wireName(), new JsonObject().put("id", demoted).put("role", "user"));
      program.attempts(admin, disabled, demoted);
    } finally {
      EmporiumBus.leave(vertx);
    }
  }

  private void attempts(String admin, String disabled, String demoted) throws Exception {
    long soon = System.currentTimeMillis() + 20_000;
    long past = System.currentTimeMillis() - 1_000;
    attempt("unsigned", callerHeaders(admin));
    attempt("forged", callerHeaders(admin).addHeader(Headers.CALLER_EXPIRES, Long.toString(soon))
        .addHeader(Headers.CALLER_SIGNATURE, sign("a key of my own".getBytes(StandardCharsets.UTF_8), CREATE_CATEGORY,
            admin, soon)));
    attempt("expired", signed(CREATE_CATEGORY, admin, past));
    attempt("other-action", callerHeaders(admin).addHeader(Headers.CALLER_EXPIRES, Long.toString(soon))
        .addHeader(Headers.CALLER_SIGNATURE, sign(secret, ProductAction.ADMIN_QUEUE_STATS.wireName(), admin, soon)));
    attempt("unknown-admin", signed(CREATE_CATEGORY, UUID.randomUUID().toString(), soon));
    attempt("disabled-admin", signed(CREATE_CATEGORY, disabled, soon));
    attempt("demoted-admin", signed(CREATE_CATEGORY, demoted, soon));
    attempt("signed", signed(CREATE_CATEGORY, admin, soon));
  }

  /** The admin's id, from an anonymous {@code user.login}. */
  private String signIn(String email, String password) throws Exception {
    JsonObject tokens = request(EmporiumBus.USER, new JsonObject().put("email", email).put("password", password),
        plain(UserAction.LOGIN.wireName()));
    return tokens.getJsonObject("user").getString("id");
  }

  /** Registers a user (anonymous) and makes them an admin (signed as {@code admin}); answers their id. */
  private String newAdmin(String admin) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String id = request(EmporiumBus.USER, new JsonObject().put("email", "outside-" + tag + "@example.org")
        .put("password", "Outside-program-" + tag + "-pw").put("name", "Outside " + tag), plain(UserAction.REGISTER.wireName()))
        .getString("id");
    asAdmin(admin, UserAction.ADMIN_SET_ROLE.wireName(), new JsonObject().put("id", id).put("role", "admin"));
    return id;
  }

  private void asAdmin(String admin, String action, JsonObject body) throws Exception {
    request(EmporiumBus.USER, body, signed(action, admin, System.currentTimeMillis() + 20_000));
  }

  private JsonObject request(String address, JsonObject body, DeliveryOptions options) throws Exception {
    return vertx.eventBus().<JsonObject>request(address, body, options).await(10, TimeUnit.SECONDS).body();
  }

  private void attempt(String name, DeliveryOptions options) {
    JsonObject category = new JsonObject().put("slug", "outside-" + UUID.randomUUID().toString().substring(0, 8))
        .put("name", "Made outside");
    try {
      vertx.eventBus().request(EmporiumBus.PRODUCT, category, options).await(10, TimeUnit.SECONDS);
      System.out.println(name + " OK");
    } catch (Exception failure) {
      String outcome = EmporiumBus.describe(failure);
      System.out.println(name + " " + outcome.split(" ", 3)[0] + " " + outcome.split(" ", 3)[1]);
    }
  }

  private static DeliveryOptions plain(String action) {
    return new DeliveryOptions().setSendTimeout(EmporiumBus.SEND_TIMEOUT_MS).addHeader(EmporiumBus.ACTION, action);
  }

  private static DeliveryOptions callerHeaders(String callerId) {
    return plain(CREATE_CATEGORY).addHeader(Headers.CALLER_ID, callerId).addHeader(Headers.CALLER_ROLES, ADMIN_ROLES);
  }

  private DeliveryOptions signed(String action, String callerId, long expires) throws Exception {
    return plain(action).addHeader(Headers.CALLER_ID, callerId).addHeader(Headers.CALLER_ROLES, ADMIN_ROLES)
        .addHeader(Headers.CALLER_EXPIRES, Long.toString(expires))
        .addHeader(Headers.CALLER_SIGNATURE, sign(secret, action, callerId, expires));
  }

  /** HMAC-SHA256 over the five documented lines, base64url without padding. */
  private static String sign(byte[] key, String action, String callerId, long expires) throws Exception {
    String signed = "emporium-caller-v1\n" + action + "\n" + callerId + "\n" + ADMIN_ROLES + "\n" + expires;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }
}
