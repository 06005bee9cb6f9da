package io.emporium.launcher;

import static io.emporium.launcher.product.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.TestConfigs;
import io.emporium.testkit.Http;
import io.emporium.testkit.Http.Reply;
import io.emporium.testkit.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The identity API over real HTTP against the whole system as the launcher starts it, once per store.
 * Each test uses its own email addresses, so tests share one running system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityRoutesContract {
  static final String SECRET = "identity-routes-test-secret-0123456789abcdef";
  static final String ADMIN_EMAIL = "root@emporium.test";
  static final String ADMIN_PASSWORD = "admin password for the tests";
  static final String PASSWORD = "a long and unusual passphrase";

  private RunningSystem system;
  Http http;

  abstract Map<ConfigKey, String> storeConfig();

  @BeforeAll
  void start() throws Exception {
    Map<ConfigKey, String> overrides = new HashMap<>(storeConfig());
    overrides.put(ConfigKey.HTTP_PORT, "0");
    overrides.put(ConfigKey.JWT_SECRET, SECRET);
    overrides.put(ConfigKey.ADMIN_EMAIL, ADMIN_EMAIL);
    overrides.put(ConfigKey.ADMIN_PASSWORD, ADMIN_PASSWORD);
    // Cheap hashes keep the suite fast; the cost is a setting, the algorithm is the same.
    overrides.put(ConfigKey.AUTH_ARGON2_MEMORY_KIB, "1024");
    overrides.put(ConfigKey.AUTH_ARGON2_ITERATIONS, "1");
    overrides.put(ConfigKey.AUTH_LOCKOUT_THRESHOLD, "3");
    system = EmporiumSystem.start(TestConfigs.with(overrides)).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    http = Http.on(system.httpPort().orElseThrow());
  }

  @AfterAll
  void stop() throws Exception {
    if (system != null) {
      system.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static String uniqueEmail() {
    return "shopper-" + UUID.randomUUID() + "@Example.test";
  }

  Reply register(String email, String password, String name) {
    return http.send("POST", "/api/auth/register",
        new JsonObject().put("email", email).put("password", password).put("name", name).encode(), null);
  }

  Reply login(String email, String password) {
    return http.send("POST", "/api/auth/login", new JsonObject().put("email", email).put("password", password).encode(),
        null);
  }

  /** Registers and logs in; answers the login reply. */
  JsonObject signedIn(String email) {
    assertThat(register(email, PASSWORD, "Ada").status()).isEqualTo(201);
    Reply reply = login(email, PASSWORD);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  String adminToken() {
    Reply reply = login(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().getString("accessToken");
  }

  static JsonObject claims(String subject, String role, long expiresInSeconds) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", subject).put("roles", new JsonArray().add(role)).put("iat", now - 10)
        .put("exp", now + expiresInSeconds).put("iss", "emporium").put("aud", "emporium-api")
        .put("jti", UUID.randomUUID().toString());
  }

  @Test
  void registrationAnswersThePublicUserWithANormalisedEmail() {
    String email = uniqueEmail();
    Reply reply = register(email, PASSWORD, "Ada Lovelace");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    JsonObject user = reply.json();
    assertThat(user.getString("email")).isEqualTo(email.toLowerCase());
    assertThat(user.getJsonArray("roles")).containsExactly("user");
    assertThat(reply.body()).doesNotContainIgnoringCase("password").doesNotContain("argon2");
  }

  @Test
  void duplicateEmailInAnotherCaseIsAConflict() {
    String email = uniqueEmail();
    assertThat(register(email, PASSWORD, "Ada").status()).isEqualTo(201);
    assertProblem(register(email.toUpperCase(), PASSWORD, "Other"), 409, "CONFLICT", "email");
  }

  @Test
  void concurrentRegistrationsOfOneEmailHaveExactlyOneWinner() {
    String email = uniqueEmail();
    List<CompletableFuture<Reply>> attempts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      attempts.add(CompletableFuture.supplyAsync(() -> register(email, PASSWORD, "Racer")));
    }
    List<Integer> statuses = attempts.stream().map(CompletableFuture::join).map(Reply::status).toList();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
  }

  @Test
  void badRegistrationsAreRefusedNamingTheField() {
    assertProblem(http.send("POST", "/api/auth/register", "{\"email\": ", null), 400, "VALIDATION", "body");
    assertProblem(http.send("POST", "/api/auth/register", "[1,2]", null), 400, "VALIDATION", "body");
    assertProblem(http.send("POST", "/api/auth/register", "email=a", null, Map.of("Content-Type", "text/plain")),
        415, "UNSUPPORTED_MEDIA_TYPE", null);
    assertProblem(http.send("POST", "/api/auth/register",
        new JsonObject().put("email", uniqueEmail()).put("name", "No password").encode(), null), 400, "VALIDATION",
        "password");
    assertProblem(register(uniqueEmail(), "short", "Ada"), 400, "VALIDATION", "password");
    assertProblem(register(uniqueEmail(), "x".repeat(129), "Ada"), 400, "VALIDATION", "password");
    assertProblem(register("not-an-email", PASSWORD, "Ada"), 400, "VALIDATION", "email");
    assertProblem(register(uniqueEmail(), PASSWORD, "n".repeat(1_000)), 400, "VALIDATION", "name");
    assertProblem(http.send("POST", "/api/auth/register",
        new JsonObject().put("email", 42).put("password", PASSWORD).put("name", "Ada").encode(), null), 400,
        "VALIDATION", "email");
    // Mass assignment: a client cannot make itself an admin at sign-up.
    assertProblem(http.send("POST", "/api/auth/register", new JsonObject().put("email", uniqueEmail())
        .put("password", PASSWORD).put("name", "Mallory").put("roles", new JsonArray().add("admin")).encode(), null),
        400, "VALIDATION", "roles");
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
    String email = uniqueEmail();
    signedIn(email);
    Reply wrongPassword = login(email, "not the right passphrase");
    Reply unknownEmail = login(uniqueEmail(), "not the right passphrase");
    assertProblem(wrongPassword, 401, "UNAUTHORIZED", null);
    assertProblem(unknownEmail, 401, "UNAUTHORIZED", null);
    assertThat(wrongPassword.json().getString("detail")).isEqualTo(unknownEmail.json().getString("detail"));
  }

  @Test
  void loginGivesABearerTokenThatOpensTheProfile() {
    String email = uniqueEmail();
    JsonObject tokens = signedIn(email);
    assertThat(tokens.getString("tokenType")).isEqualTo("Bearer");
    assertThat(tokens.getInteger("expiresIn")).isEqualTo(900);
    assertThat(tokens.getString("refreshToken")).isNotBlank();
    Reply profile = http.get("/api/users/profile", tokens.getString("accessToken"));
    assertThat(profile.status()).as(profile.body()).isEqualTo(200);
    assertThat(profile.json().getString("email")).isEqualTo(email.toLowerCase());
    assertThat(profile.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void protectedRoutesRefuseMissingForgedAndExpiredTokens() throws Exception {
    String userId = signedIn(uniqueEmail()).getJsonObject("user").getString("id");
    Reply anonymous = http.get("/api/users/profile", null);
    assertProblem(anonymous, 401, "UNAUTHORIZED", null);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(http.get("/api/users/profile", Tokens.sign(claims(userId, "user", 600), "some-other-secret-0123456789abcdef")),
        401, "UNAUTHORIZED", null);
    assertProblem(http.get("/api/users/profile", Tokens.sign(claims(userId, "user", -120), SECRET)), 401, "UNAUTHORIZED", null);
    assertProblem(http.get("/api/users/profile", "garbage.token.here"), 401, "UNAUTHORIZED", null);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims(userId, "admin", 600).encode().getBytes(StandardCharsets.UTF_8)) + ".";
    assertProblem(http.get("/api/users/profile", unsigned), 401, "UNAUTHORIZED", null);
    // The forging is right: the same claims, unexpired and with the real secret, are accepted.
    assertThat(http.get("/api/users/profile", Tokens.sign(claims(userId, "user", 600), SECRET)).status()).isEqualTo(200);
  }

  @Test
  void identityHeadersFromTheClientAreIgnored() {
    String userToken = signedIn(uniqueEmail()).getString("accessToken");
    assertProblem(http.send("GET", "/api/users/profile", null, null,
        Map.of("X-User-Id", UUID.randomUUID().toString(), "X-User-Roles", "admin")), 401, "UNAUTHORIZED", null);
    assertProblem(http.send("GET", "/api/admin/users", null, null,
        Map.of("Authorization", "Bearer " + userToken, "X-User-Roles", "admin", "X-Caller-Roles", "admin")), 403,
        "FORBIDDEN", null);
  }

  @Test
  void adminRoutesNeedTheAdminRole() {
    String userToken = signedIn(uniqueEmail()).getString("accessToken");
    assertProblem(http.get("/api/admin/users", userToken), 403, "FORBIDDEN", null);
    assertProblem(http.get("/api/admin/users", null), 401, "UNAUTHORIZED", null);
    Reply list = http.get("/api/admin/users?page=1&size=5", adminToken());
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items").size()).isBetween(1, 5);
    assertThat(list.json().getInteger("total")).isPositive();
    assertProblem(http.get("/api/admin/users?size=101", adminToken()), 400, "VALIDATION", "size");
    assertProblem(http.get("/api/admin/users?page=abc", adminToken()), 400, "VALIDATION", "page");
  }

  @Test
  void refreshRotatesAndReusingARotatedTokenRevokesTheFamily() {
    JsonObject first = signedIn(uniqueEmail());
    String r1 = first.getString("refreshToken");
    Reply rotated = refresh(r1);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String r2 = rotated.json().getString("refreshToken");
    assertThat(r2).isNotEqualTo(r1);
    assertProblem(refresh(r1), 401, "UNAUTHORIZED", null);
    // The reuse revoked the whole family: the newest token is dead too.
    assertProblem(refresh(r2), 401, "UNAUTHORIZED", null);
  }

  @Test
  void logoutRevokesTheSession() {
    String refreshToken = signedIn(uniqueEmail()).getString("refreshToken");
    Reply logout = http.send("POST", "/api/auth/logout", new JsonObject().put("refreshToken", refreshToken).encode(),
        null);
    assertThat(logout.status()).as(logout.body()).isEqualTo(204);
    assertProblem(refresh(refreshToken), 401, "UNAUTHORIZED", null);
  }

  @Test
  void passwordChangeChecksTheCurrentOneAndRevokesOtherSessions() {
    String email = uniqueEmail();
    JsonObject sessionA = signedIn(email);
    JsonObject sessionB = login(email, PASSWORD).json();
    String token = sessionA.getString("accessToken");
    assertProblem(http.send("PUT", "/api/users/password", new JsonObject().put("currentPassword", "wrong wrong wrong")
        .put("newPassword", "another long passphrase").encode(), token), 400, "VALIDATION", "currentPassword");
    assertProblem(http.send("PUT", "/api/users/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "short").encode(), token), 400, "VALIDATION", "newPassword");
    Reply changed = http.send("PUT", "/api/users/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "another long passphrase").encode(), token);
    assertThat(changed.status()).as(changed.body()).isEqualTo(204);
    assertProblem(refresh(sessionB.getString("refreshToken")), 401, "UNAUTHORIZED", null);
    assertProblem(login(email, PASSWORD), 401, "UNAUTHORIZED", null);
    assertThat(login(email, "another long passphrase").status()).isEqualTo(200);
  }

  @Test
  void profileUpdateRefusesForbiddenAndUnknownFields() {
    String token = signedIn(uniqueEmail()).getString("accessToken");
    assertProblem(http.send("PUT", "/api/users/profile", new JsonObject().put("roles", new JsonArray().add("admin"))
        .encode(), token), 400, "VALIDATION", "roles");
    assertProblem(http.send("PUT", "/api/users/profile", new JsonObject().put("favouriteColour", "red").encode(), token),
        400, "VALIDATION", "favouriteColour");
    assertProblem(http.send("PUT", "/api/users/profile", new JsonObject().put("email", uniqueEmail()).encode(), token),
        400, "VALIDATION", "currentPassword");
    Reply updated = http.send("PUT", "/api/users/profile", new JsonObject().put("name", "Grace")
        .put("preferences", new JsonObject().put("newsletter", true)).encode(), token);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    JsonObject profile = http.get("/api/users/profile", token).json();
    assertThat(profile.getString("name")).isEqualTo("Grace");
    assertThat(profile.getJsonObject("preferences").getBoolean("newsletter")).isTrue();
  }

  @Test
  void disablingAUserStopsRefreshAtOnceAndEnablingRestoresLogin() {
    String email = uniqueEmail();
    JsonObject session = signedIn(email);
    String userId = session.getJsonObject("user").getString("id");
    String admin = adminToken();
    Reply disabled = http.send("PUT", "/api/admin/users/" + userId + "/status",
        new JsonObject().put("status", "disabled").encode(), admin);
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertProblem(refresh(session.getString("refreshToken")), 401, "UNAUTHORIZED", null);
    assertProblem(login(email, PASSWORD), 401, "UNAUTHORIZED", null);
    assertThat(http.send("PUT", "/api/admin/users/" + userId + "/status",
        new JsonObject().put("status", "active").encode(), admin).status()).isEqualTo(200);
    assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    assertProblem(http.send("PUT", "/api/admin/users/not-a-uuid/status",
        new JsonObject().put("status", "active").encode(), admin), 400, "VALIDATION", "id");
    assertProblem(http.send("PUT", "/api/admin/users/" + userId + "/status",
        new JsonObject().put("status", "sleeping").encode(), admin), 400, "VALIDATION", "status");
  }

  @Test
  void anAdminErasesAUsersPersonalDataAndTheAuditTrailKeepsOnlyIds() {
    String email = uniqueEmail();
    JsonObject session = signedIn(email);
    String userId = session.getJsonObject("user").getString("id");
    login(email, "a wrong passphrase"); // a failed login: its audit entry names the email
    String admin = adminToken();
    Reply erased = http.send("DELETE", "/api/admin/users/" + userId + "/personal-data", null, admin);
    assertThat(erased.status()).as(erased.body()).isEqualTo(200);
    assertThat(erased.json().getString("id")).isEqualTo(userId);
    assertThat(erased.json().getInteger("sessionsDeleted")).isEqualTo(1);
    assertThat(erased.json().getInteger("auditEntriesPseudonymised")).isGreaterThanOrEqualTo(3);

    assertProblem(login(email, PASSWORD), 401, "UNAUTHORIZED", null);
    assertProblem(refresh(session.getString("refreshToken")), 401, "UNAUTHORIZED", null);
    Reply audit = http.get("/api/admin/audit?size=100&target=" + userId, admin);
    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body()).doesNotContain(email.toLowerCase(java.util.Locale.ROOT)).contains("USER_ERASE");

    String adminId = login(ADMIN_EMAIL, ADMIN_PASSWORD).json().getJsonObject("user").getString("id");
    assertProblem(http.send("DELETE", "/api/admin/users/" + adminId + "/personal-data", null, admin), 409,
        "CONFLICT", null);
    assertProblem(http.send("DELETE", "/api/admin/users/" + UUID.randomUUID() + "/personal-data", null, admin), 404,
        "NOT_FOUND", null);
    assertProblem(http.send("DELETE", "/api/admin/users/" + userId + "/personal-data", null,
        session.getString("accessToken")), 403, "FORBIDDEN", null);
  }

  @Test
  void roleChangeTakesEffectAtTheNextLogin() {
    String email = uniqueEmail();
    String userId = signedIn(email).getJsonObject("user").getString("id");
    Reply promoted = http.send("PUT", "/api/admin/users/" + userId + "/role",
        new JsonObject().put("role", "admin").encode(), adminToken());
    assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
    String newToken = login(email, PASSWORD).json().getString("accessToken");
    assertThat(http.get("/api/admin/users", newToken).status()).isEqualTo(200);
  }

  @Test
  void repeatedFailuresLockTheAccountForAWhile() {
    String email = uniqueEmail();
    signedIn(email);
    for (int i = 0; i < 3; i++) {
      login(email, "wrong passphrase number " + i);
    }
    Reply locked = login(email, PASSWORD);
    assertProblem(locked, 429, "RATE_LIMITED", null);
    assertThat(locked.header("Retry-After")).isNotBlank();
  }

  @Test
  void statsAuditAndQueueAreForAdmins() {
    String email = uniqueEmail();
    signedIn(email);
    login(email, "a wrong passphrase here");
    String admin = adminToken();
    Reply stats = http.get("/api/admin/users/stats", admin);
    assertThat(stats.status()).as(stats.body()).isEqualTo(200);
    Reply audit = http.get("/api/admin/audit?action=LOGIN_FAILURE&size=100", admin);
    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    assertThat(audit.json().getJsonArray("items")).isNotEmpty();
    Reply queue = http.get("/api/queue/stats", admin);
    assertThat(queue.status()).as(queue.body()).isEqualTo(200);
    assertThat(queue.json().fieldNames()).contains("pending", "delivered", "dead", "retried");
    String userToken = login(email, PASSWORD).json().getString("accessToken");
    assertProblem(http.get("/api/admin/audit", userToken), 403, "FORBIDDEN", null);
    assertProblem(http.get("/api/queue/stats", userToken), 403, "FORBIDDEN", null);
  }

  Reply refresh(String refreshToken) {
    return http.send("POST", "/api/auth/refresh", new JsonObject().put("refreshToken", refreshToken).encode(), null);
  }
}
