package io.emporium.tests.contract;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The identity routes: accounts, sessions, profile and password, the administration of users, the audit
 * trails and the outbox; with their 401 (no token, wrong credentials), 403, 404, 409, 415, 429 (an email
 * locked after failed logins) and 504 (a login slower than the timeout its service is given).
 */
final class IdentityWorkload {
  static final String USER_PASSWORD = "Contract-Check-Passw0rd-1";
  static final String NEW_PASSWORD = "Contract-Check-Passw0rd-2";

  private final Api api;
  String adminToken;
  String userToken;
  /** The email the workload registers its buyer with (unique per run); its password is {@link #USER_PASSWORD}. */
  String email;

  IdentityWorkload(Api api) {
    this.api = api;
  }

  void run(String adminEmail, String adminPassword) {
    JsonObject admin = api.must(Call.of("POST /api/auth/login").json(credentials(adminEmail, adminPassword))
        .expect(200)).json();
    adminToken = admin.getString("accessToken");
    String adminId = admin.getJsonObject("user").getString("id");
    email = "buyer-" + UUID.randomUUID() + "@contract.test";

    JsonObject registration = credentials(email, USER_PASSWORD).put("name", "Contract Buyer");
    String userId = api.must(Call.of("POST /api/auth/register").json(registration).expect(201)).json()
        .getString("id");
    api.send(Call.of("POST /api/auth/register").json(registration).expect(409));
    api.send(Call.of("POST /api/auth/register").json(credentials("no-name@contract.test", USER_PASSWORD))
        .expect(400));
    api.send(Call.of("POST /api/auth/register").body("text/plain", registration.encode()).expect(415));

    JsonObject session = api.must(Call.of("POST /api/auth/login").json(credentials(email, USER_PASSWORD))
        .expect(200)).json();
    userToken = session.getString("accessToken");
    api.send(Call.of("POST /api/auth/login").json(credentials(email, "not-" + USER_PASSWORD)).expect(401));
    String refreshToken = api.must(Call.of("POST /api/auth/refresh")
        .json(new JsonObject().put("refreshToken", session.getString("refreshToken"))).expect(200)).json()
        .getString("refreshToken");
    api.send(Call.of("POST /api/auth/refresh").json(new JsonObject().put("refreshToken", "not-a-refresh-token"))
        .expect(401));

    profile(adminEmail);
    api.send(Call.of("PUT /api/users/password").token(userToken).json(new JsonObject()
        .put("currentPassword", USER_PASSWORD).put("newPassword", NEW_PASSWORD).put("refreshToken", refreshToken))
        .expect(204));
    api.send(Call.of("PUT /api/users/password").token(userToken).json(new JsonObject()
        .put("currentPassword", "wrong-" + USER_PASSWORD).put("newPassword", USER_PASSWORD)).expect(400));
    api.send(Call.of("POST /api/auth/logout").json(new JsonObject().put("refreshToken", refreshToken)).expect(204));

    administration(adminId, userId);
    lockout();
    slowerThanItsTimeout(adminEmail, adminPassword);
  }

  private void profile(String takenEmail) {
    api.send(Call.of("GET /api/users/profile").token(userToken).expect(200));
    api.send(Call.of("GET /api/users/profile").expect(401));
    api.send(Call.of("PUT /api/users/profile").token(userToken)
        .json(new JsonObject().put("name", "Contract Buyer, renamed").put("preferences",
            new JsonObject().put("currency", "EUR"))).expect(200));
    api.send(Call.of("PUT /api/users/profile").token(userToken)
        .json(new JsonObject().put("email", takenEmail).put("currentPassword", USER_PASSWORD)).expect(409));
  }

  private void administration(String adminId, String userId) {
    api.send(Call.of("GET /api/admin/users/stats").token(adminToken).expect(200));
    api.send(Call.of("GET /api/admin/users/stats").token(userToken).expect(403));
    api.send(Call.of("GET /api/admin/users/stats").token(adminToken).at("/api/admin/users/stats?from=yesterday")
        .expect(400));
    api.send(Call.of("GET /api/admin/users").token(adminToken).at("/api/admin/users?size=2&role=user").expect(200));
    api.send(Call.of("PUT /api/admin/users/{id}/role").token(adminToken).at("/api/admin/users/" + userId + "/role")
        .json(new JsonObject().put("role", "user")).expect(200));
    api.send(Call.of("PUT /api/admin/users/{id}/role").token(adminToken).at("/api/admin/users/" + adminId + "/role")
        .json(new JsonObject().put("role", "user")).expect(409));
    api.send(Call.of("PUT /api/admin/users/{id}/status").token(adminToken)
        .at("/api/admin/users/" + UUID.randomUUID() + "/status").json(new JsonObject().put("status", "disabled"))
        .expect(404));
    api.send(Call.of("PUT /api/admin/users/{id}/status").token(adminToken)
        .at("/api/admin/users/" + userId + "/status").json(new JsonObject().put("status", "active")).expect(200));
    erasure(adminId);
    api.send(Call.of("GET /api/admin/audit").token(adminToken).at("/api/admin/audit?size=5").expect(200));
    api.send(Call.of("GET /api/admin/audit").token(adminToken).at("/api/admin/audit?entity=orders").expect(400));
    api.send(Call.of("GET /api/queue/stats").token(adminToken).expect(200));
  }

  /** The right to erasure: of another account, not of an unknown one nor of the admin's own. */
  private void erasure(String adminId) {
    String leaving = api.must(Call.of("POST /api/auth/register").json(credentials("leaving-" + UUID.randomUUID()
        + "@contract.test", USER_PASSWORD).put("name", "Leaving Buyer")).expect(201)).json().getString("id");
    String operation = "DELETE /api/admin/users/{id}/personal-data";
    api.send(Call.of(operation).token(adminToken).at("/api/admin/users/" + leaving + "/personal-data").expect(200));
    api.send(Call.of(operation).token(adminToken).at("/api/admin/users/" + UUID.randomUUID() + "/personal-data")
        .expect(404));
    api.send(Call.of(operation).token(adminToken).at("/api/admin/users/" + adminId + "/personal-data").expect(409));
    api.send(Call.of(operation).token(userToken).at("/api/admin/users/" + leaving + "/personal-data").expect(403));
  }

  /** auth.lockout.threshold is 2 in this run: two failures lock the email, the third attempt is 429. */
  private void lockout() {
    JsonObject wrong = credentials("locked-" + UUID.randomUUID() + "@contract.test", USER_PASSWORD);
    api.send(Call.of("POST /api/auth/login").json(wrong).expect(401));
    api.send(Call.of("POST /api/auth/login").json(wrong).expect(401));
    api.send(Call.of("POST /api/auth/login").json(wrong).expect(429));
  }

  /** A login hashes a password for far longer than 10 ms: with that timeout its service answers 504. */
  private void slowerThanItsTimeout(String adminEmail, String adminPassword) {
    String policy = "/api/admin/mesh/services/user/policy";
    api.must(Call.of("PUT /api/admin/mesh/services/{name}/policy").token(adminToken).at(policy)
        .json(new JsonObject().put("actionTimeoutsMs", new JsonObject().put("user.login", 10))).expect(200));
    api.send(Call.of("POST /api/auth/login").json(credentials(adminEmail, adminPassword)).expect(504));
    api.must(Call.of("PUT /api/admin/mesh/services/{name}/policy").token(adminToken).at(policy)
        .json(new JsonObject().put("actionTimeoutsMs", new JsonObject())).expect(200));
  }

  private static JsonObject credentials(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }
}
