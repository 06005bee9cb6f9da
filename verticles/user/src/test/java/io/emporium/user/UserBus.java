package io.emporium.user;

import io.emporium.contract.Addresses;
import io.emporium.contract.ErrorCode;
import io.emporium.contract.Headers;
import io.emporium.contract.ServiceError;
import io.emporium.contract.ServiceName;
import io.emporium.contract.UserAction;
import io.emporium.platform.config.ConfigKey;
import io.emporium.platform.config.EmporiumConfig;
import io.emporium.platform.config.TestConfigs;
import io.emporium.platform.security.CallerSignatures;
import io.emporium.platform.testing.NoDiscovery;
import io.emporium.user.store.InMemoryUserRepository;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user service as callers see it: the module and one verticle on a real local bus, and calls
 * with the headers the gateway sets. Passwords are hashed at a low cost so tests stay fast.
 */
final class UserBus {
  static final String ADMIN_EMAIL = "root@emporium.test";
  static final String ADMIN_PASSWORD = "the bootstrap admin's passphrase";
  static final String PASSWORD = "correct horse battery staple";

  final Vertx vertx;
  final UserModule module;
  final NoDiscovery registry;
  final String verticleId;

  private UserBus(Vertx vertx, UserModule module, NoDiscovery registry, String verticleId) {
    this.vertx = vertx;
    this.module = module;
    this.registry = registry;
    this.verticleId = verticleId;
  }

  /** Cheap hashes, a lockout after 3 failures for 1 s (doubling, at most 4 s), a bootstrap admin. */
  static EmporiumConfig config(Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> overrides = new HashMap<>();
    overrides.put(ConfigKey.AUTH_ARGON2_MEMORY_KIB, "1024");
    overrides.put(ConfigKey.AUTH_ARGON2_ITERATIONS, "1");
    overrides.put(ConfigKey.AUTH_LOCKOUT_THRESHOLD, "3");
    overrides.put(ConfigKey.AUTH_LOCKOUT_BASE_SECONDS, "1");
    overrides.put(ConfigKey.AUTH_LOCKOUT_MAX_SECONDS, "4");
    overrides.put(ConfigKey.OUTBOX_POLL_MS, "50");
    overrides.put(ConfigKey.ADMIN_EMAIL, ADMIN_EMAIL);
    overrides.put(ConfigKey.ADMIN_PASSWORD, ADMIN_PASSWORD);
    overrides.putAll(extra);
    return TestConfigs.with(overrides);
  }

  static Future<UserBus> start(Vertx vertx) {
    return start(vertx, config(Map.of()), new InMemoryUserRepository());
  }

  static Future<UserBus> start(Vertx vertx, EmporiumConfig config, UserRepository repository) {
    NoDiscovery registry = new NoDiscovery();
    return UserModule.start(vertx, config, repository).compose(module -> vertx.deployVerticle(
            new UserVerticle(module, config.instance(), registry, "node-1"))
        .map(id -> new UserBus(vertx, module, registry, id)));
  }

  UserRepository repository() {
    return module.repository();
  }

  Future<JsonObject> call(UserAction action, JsonObject body) {
    return call(action, body, Optional.empty(), Set.of());
  }

  Future<JsonObject> call(UserAction action, JsonObject body, String callerId, String... roles) {
    return call(action, body, Optional.of(callerId), Set.of(roles));
  }

  Future<JsonObject> call(UserAction action, Object body, Optional<String> callerId, Set<String> roles) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000)
        .addHeader(Headers.ACTION, action.wireName())
        .addHeader(Headers.REQUEST_ID, "test-request")
        .addHeader(Headers.CLIENT_IP, "198.51.100.23")
        .addHeader(Headers.USER_AGENT, "UserBus/1.0");
    // Signed as a gateway signs them; roles without a caller stay unsigned (the service refuses them).
    callerId.ifPresentOrElse(id -> CallerSignatures.from(module.config()).sign(options, action.wireName(), id, roles),
        () -> {
          if (!roles.isEmpty()) {
            options.addHeader(Headers.CALLER_ROLES, String.join(",", roles));
          }
        });
    return vertx.eventBus().<JsonObject>request(Addresses.shared(ServiceName.USER), body, options)
        .map(reply -> reply.body());
  }

  /** Registers, answering the public user. */
  Future<JsonObject> register(String email, String password, String name) {
    return call(UserAction.REGISTER, new JsonObject().put("email", email).put("password", password).put("name", name));
  }

  Future<JsonObject> login(String email, String password) {
    return call(UserAction.LOGIN, new JsonObject().put("email", email).put("password", password));
  }

  /** Registers with {@link #PASSWORD} and logs in: the login reply. */
  Future<JsonObject> signedIn(String email) {
    return register(email, PASSWORD, "Test User").compose(u -> login(email, PASSWORD));
  }

  /** The bootstrap admin's login reply. */
  Future<JsonObject> admin() {
    return login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  static ServiceError error(Throwable failure) {
    return ServiceError.from(failure);
  }

  static boolean is(Throwable failure, ErrorCode code) {
    return error(failure).code() == code;
  }
}
