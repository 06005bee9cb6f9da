package io.emporium.platform.config;

import java.util.Locale;

/**
 * Every configuration key and what it means. Defaults live in {@code conf/emporium.json}; tests check
 * that the file, the environment variable names and the table of docs/configuration.md all match this list.
 */
public enum ConfigKey {
  PROFILE("profile", "`dev` (zero-setup: in-memory store, generated JWT secret) or `production` (refuses to start without a real secret and PostgreSQL)"),
  ROLES("roles", "Verticles this JVM deploys, comma-separated subset of `gateway`, `user`, `product`, `order`"),
  INSTANCES_GATEWAY("instances.gateway", "Instances of the gateway verticle in this JVM (they share the HTTP port, each on its own event loop): `cores` (one per processor the JVM may use, as Vert.x deployments do) or a number"),
  INSTANCES_USER("instances.user", "Instances of the user verticle in this JVM (each is its own discovery record): `auto` (one per core in a single JVM, so that each event loop holds one and a gateway calls the one on its own loop; one per JVM in a cluster), `cores` or a number"),
  INSTANCES_PRODUCT("instances.product", "Instances of the product verticle in this JVM (each is its own discovery record): `auto` (as for `instances.user`), `cores` or a number"),
  INSTANCES_ORDER("instances.order", "Instances of the order verticle in this JVM (each is its own discovery record): `auto` (as for `instances.user`), `cores` or a number"),
  EVENT_LOOPS("event-loops", "Event-loop threads of this JVM: `cores` (one per processor the JVM may use; with every role deployed once per loop, each loop holds one instance of each, and a call between them crosses no thread) or a number (Vert.x's own default is twice the cores)"),
  INSTANCE_VERSION("instance.version", "Version published in this JVM's discovery records (used for traffic splits)"),
  INSTANCE_WEIGHT("instance.weight", "Weight published in this JVM's discovery records (used by weighted balancing), 1-10000"),
  HTTP_HOST("http.host", "Interface the gateway's HTTP server binds"),
  HTTP_PORT("http.port", "Gateway HTTP port (0 picks a free port)"),
  HTTP_MAX_BODY_BYTES("http.max-body-bytes", "Largest request body accepted; larger bodies get 413"),
  HTTP_IDLE_TIMEOUT_SECONDS("http.idle-timeout-seconds", "Idle HTTP connections are closed after this many seconds"),
  STORE("store", "`memory` (zero-setup, not durable) or `postgres`"),
  PG_URL("pg.url", "PostgreSQL URL, e.g. `postgresql://user:secret@127.0.0.1:5432/emporium`; required when store is postgres"),
  PG_POOL_SIZE("pg.pool-size", "Connections in each service's PostgreSQL pool in this JVM, 1-200, shared out between one pool per event loop (at least one connection each) so that each loop queries on its own connections"),
  PG_TIMEOUT_MS("pg.timeout-ms", "Upper bound on a connection attempt and a statement (server-side statement_timeout)"),
  REDIS_URL("redis.url", "Redis URL, e.g. `redis://127.0.0.1:6379`; empty means no Redis"),
  JWT_SECRET("jwt.secret", "HS256 secret for access tokens, at least 32 characters; generated per start in dev when empty"),
  JWT_ALGORITHM("jwt.algorithm", "`HS256` (shared secret), or `RS256` / `ES256` (key pair: gateways need only the public key)"),
  JWT_PRIVATE_KEY_FILE("jwt.private-key-file", "PEM file (PKCS#8) of the private key that signs tokens, for RS256/ES256; needed where the user service runs"),
  JWT_PUBLIC_KEY_FILE("jwt.public-key-file", "PEM file of the public key that verifies tokens, for RS256/ES256"),
  JWT_ISSUER("jwt.issuer", "The `iss` claim tokens carry and must carry"),
  JWT_AUDIENCE("jwt.audience", "The `aud` claim tokens carry and must carry"),
  JWT_ACCESS_TTL_SECONDS("jwt.access-ttl-seconds", "Lifetime of an access token, 60-86400 seconds"),
  JWT_LEEWAY_SECONDS("jwt.leeway-seconds", "Clock skew tolerated when checking exp and iat, 0-300 seconds"),
  AUTH_REFRESH_TTL_SECONDS("auth.refresh-ttl-seconds", "Lifetime of a refresh token (a session), in seconds"),
  AUTH_ARGON2_MEMORY_KIB("auth.argon2.memory-kib", "Argon2id memory cost of new password hashes, in KiB (raising it rehashes at next login)"),
  AUTH_ARGON2_ITERATIONS("auth.argon2.iterations", "Argon2id time cost of new password hashes"),
  AUTH_ARGON2_PARALLELISM("auth.argon2.parallelism", "Argon2id parallelism of new password hashes"),
  AUTH_HASH_WORKERS("auth.hash-workers", "Threads that hash passwords (off the event loops)"),
  AUTH_HASH_QUEUE("auth.hash-queue", "Password hashes waiting for a thread before new ones are refused with 503"),
  AUTH_LOCKOUT_THRESHOLD("auth.lockout.threshold", "Failed logins for one email before it is locked for a while"),
  AUTH_LOCKOUT_BASE_SECONDS("auth.lockout.base-seconds", "First lock duration; it doubles with each further failure"),
  AUTH_LOCKOUT_MAX_SECONDS("auth.lockout.max-seconds", "Longest lock duration"),
  AUTH_SESSION_RETENTION_HOURS("auth.session-retention-hours", "How long a refresh token (rotated and revoked ones too) is kept after it expired, 1-87600 hours; never deleted before it expires"),
  OUTBOX_POLL_MS("outbox.poll-ms", "How often the outbox relay looks for events to deliver"),
  OUTBOX_MAX_ATTEMPTS("outbox.max-attempts", "Delivery attempts before an event is marked dead"),
  OUTBOX_RETENTION_HOURS("outbox.retention-hours", "How long a delivered event stays in its outbox before the relay deletes it, 1-87600 hours; pending and dead events are never deleted"),
  RETENTION_SWEEP_INTERVAL_MS("retention.sweep-interval-ms", "How often delivered events, expired refresh tokens, finished login-throttle streaks, old audit entries and finished reservations are looked for and deleted, 1000-86400000 ms"),
  RETENTION_ACCOUNT_AUDIT_HOURS("retention.account-audit-hours", "How long an entry of the user service's audit log (`account.audit_log`: actor, target, client address, user agent, for failed logins the email tried) is kept, 1-87600 hours"),
  RETENTION_PRODUCT_AUDIT_HOURS("retention.product-audit-hours", "How long an entry of the product service's audit log (`product.audit_log`: admin actor, client address, user agent) is kept, 1-87600 hours"),
  RETENTION_FINISHED_RESERVATION_HOURS("retention.finished-reservation-hours", "How long a finished stock reservation (`product.reservations` confirmed, released or expired) is kept after it finished, 1-87600 hours; held ones are never deleted"),
  NOTIFY_SENDER("notify.sender", "`log` (write notifications to the log) or `smtp`"),
  SMTP_HOST("smtp.host", "SMTP server for notifications when notify.sender is smtp"),
  SMTP_PORT("smtp.port", "SMTP port"),
  SMTP_FROM("smtp.from", "Sender address of notification emails"),
  ADMIN_EMAIL("admin.email", "With admin.password: this admin account exists at start (no built-in admin otherwise)"),
  ADMIN_PASSWORD("admin.password", "Password of the bootstrap admin; set together with admin.email"),
  METRICS_TOKEN("metrics.token", "Bearer token Prometheus uses to scrape /metrics; empty means admins only"),
  METRICS_ENABLED("metrics.enabled", "Collect metrics (Vert.x, JVM and Emporium's own) for /metrics; false turns every meter off"),
  MANAGEMENT_PORT("management.port", "Port of this JVM's small management HTTP server (/metrics); 0 means none (a gateway JVM serves /metrics on its own port)"),
  TRACING_ENABLED("tracing.enabled", "OpenTelemetry tracing across gateway, event bus and services, when `tracing.otlp-endpoint` names a receiver: a recorded trace's id is answered in `X-Trace-Id` and written in the logs"),
  TRACING_OTLP_ENDPOINT("tracing.otlp-endpoint", "OTLP/HTTP endpoint that receives the spans, e.g. `http://jaeger:4318/v1/traces`; empty means no tracing at all (no span is made)"),
  TRACING_SAMPLE_RATIO("tracing.sample-ratio", "Share of requests whose trace is recorded and exported (0 to 1); decided where the trace starts and followed by every JVM it crosses (parent-based), so a trace is whole or absent"),
  LOG_FORMAT("log.format", "`auto` (JSON in the production profile, readable text in dev), `text` or `json`"),
  LOG_LEVELS("log.levels", "Log level per package, e.g. `io.emporium=DEBUG,com.hazelcast=WARN`; empty keeps the shipped levels"),
  STOCK_LOW_THRESHOLD("stock.low-threshold", "A change that takes a product's stock from above this to at or below it publishes `stock.low`"),
  STOCK_RESERVATION_TTL_SECONDS("stock.reservation-ttl-seconds", "How long a stock reservation holds when the caller gives no ttlSeconds, 1-86400"),
  STOCK_SWEEP_INTERVAL_MS("stock.sweep-interval-ms", "How often expired reservations are looked for and their stock returned"),
  CATALOGUE_DEMO("catalogue.demo", "Load the demo catalogue (22 categories, 320 products) at start when the catalogue is empty: `auto` (only in the dev profile with the in-memory store, so a first start shows products), `true` or `false`"),
  CATALOGUE_CURRENCY("catalogue.currency", "The catalogue's one currency (ISO 4217, e.g. `EUR`): products in another are refused, and price sorts and filters need no `currency` parameter; empty means any currency, and a price sort or filter must name its currency"),
  CATALOGUE_ADMIN_CACHE_SECONDS("catalogue.admin-cache-seconds", "How long a product instance keeps the user service's word that a signed admin caller is still an active admin: a disabled or demoted admin can change the catalogue for at most this long; 0 asks at every admin action"),
  CATALOGUE_ADMIN_CHECK_TIMEOUT_MS("catalogue.admin-check-timeout-ms", "How long a product instance waits for the user service to confirm an admin caller; no answer refuses the action (UNAVAILABLE)"),
  ORDER_PAYMENT_WINDOW_SECONDS("order.payment-window-seconds", "How long a placed order waits for its payment, 1-86400 seconds; its stock reservation lasts as long, and an order still unpaid after it is cancelled and its stock returned"),
  ORDER_SWEEP_SECONDS("order.sweep-seconds", "How often the order service looks for placed orders whose payment window is over (and cancels them), 1-3600 seconds"),
  BUS_TIMEOUT_MS("bus.timeout-ms", "Timeout of every event-bus request a caller makes, in milliseconds"),
  BUS_MAX_REQUEST_BYTES("bus.max-request-bytes", "Largest event-bus request a service accepts (its body as compact UTF-8 JSON); larger ones are refused with PAYLOAD_TOO_LARGE before any handler runs. At least `http.max-body-bytes`"),
  HEALTH_TIMEOUT_MS("health.timeout-ms", "Timeout of each probe behind GET /api/health, in milliseconds"),
  SHUTDOWN_DRAIN_MS("shutdown.drain-ms", "On SIGTERM, how long in-flight requests may take to finish"),
  STARTUP_TIMEOUT_MS("startup.timeout-ms", "How long a JVM may take to join the cluster, reach its store and deploy its roles; past it the start fails (exit 1) instead of hanging"),
  CLUSTER_ENABLED("cluster.enabled", "Join a Hazelcast cluster; the event bus then spans every member JVM"),
  CLUSTER_CONFIG("cluster.config", "Hazelcast configuration file (path, or a resource in the jar)"),
  CLUSTER_HOST("cluster.host", "Address this JVM's event bus binds and advertises to the others"),
  CLUSTER_PORT("cluster.port", "Event-bus TCP port between JVMs (0 picks a free port)"),
  CLUSTER_SECRET("cluster.secret", "Secret (at least 32 characters, the same in every JVM) with which gateways sign the caller identity on the event bus and services check it; required in a cluster, generated per start otherwise"),
  CLUSTER_IDENTITY_TTL_SECONDS("cluster.identity-ttl-seconds", "How long a signed caller identity is accepted after the gateway signed it, 5-3600 seconds"),
  CLUSTER_REJOIN_BOUND_MS("cluster.rejoin-bound-ms", "How long a JVM cut off from the cluster (expelled after a pause, alone when it was not, split from the gateways) may take to rejoin; it is not ready from the moment it is cut off, and past this bound not live either (/api/health/live answers 503, so an orchestrator replaces it), 5000-3600000"),
  CLUSTER_TLS_ENABLED("cluster.tls.enabled", "Event bus between JVMs over TLS with mutual authentication (required for a cluster in the production profile)"),
  CLUSTER_TLS_KEYSTORE("cluster.tls.keystore", "PKCS12 file with this JVM's private key and certificate, signed by the cluster's CA"),
  CLUSTER_TLS_KEYSTORE_PASSWORD("cluster.tls.keystore-password", "Password of the key store"),
  CLUSTER_TLS_TRUSTSTORE("cluster.tls.truststore", "PKCS12 file with the cluster's CA certificate: peers must present a certificate it signed"),
  CLUSTER_TLS_TRUSTSTORE_PASSWORD("cluster.tls.truststore-password", "Password of the trust store"),
  MESH_STRATEGY("mesh.strategy", "How callers spread a service's calls over its instances: `round-robin`, `least-connections`, `weighted` (smooth, by the instances' weights), `power-of-two-choices` or `consistent-hash` (by the policy's `hashKey`, see Service mesh)"),
  MESH_POLICIES("mesh.policies", "Per-service policy overrides: a JSON object of policy documents by service name, in the shape of the policy API (see Service mesh); empty means none"),
  MESH_BREAKER_FAILURE_THRESHOLD("mesh.breaker.failure-threshold", "Failures of the service in a row (within 10 s) that open an instance's circuit"),
  MESH_BREAKER_RESET_TIMEOUT_MS("mesh.breaker.reset-timeout-ms", "How long an open circuit stays open before one probe call may go through (half-open)"),
  MESH_RETRY_MAX_ATTEMPTS("mesh.retry.max-attempts", "Attempts per call of an idempotent action, first included (1 = no retries), 1-10"),
  MESH_RETRY_BASE_DELAY_MS("mesh.retry.base-delay-ms", "Backoff before retry n is random in [0, min(max, base * 2^(n-1))] (full jitter)"),
  MESH_RETRY_MAX_DELAY_MS("mesh.retry.max-delay-ms", "Longest backoff before a retry"),
  MESH_RETRY_BUDGET_PERCENT("mesh.retry.budget-percent", "Retries may be at most this share of a service's calls of the last 10 s, 0-100"),
  MESH_HEALTH_INTERVAL_MS("mesh.health.interval-ms", "How often the mesh probes every instance with its service's health action"),
  MESH_HEALTH_UNHEALTHY_THRESHOLD("mesh.health.unhealthy-threshold", "Failed probes in a row that take an instance out"),
  MESH_HEALTH_HEALTHY_THRESHOLD("mesh.health.healthy-threshold", "Successful probes in a row that bring it back"),
  MESH_OUTLIER_CONSECUTIVE_FAILURES("mesh.outlier.consecutive-failures", "Failures of the service in a row that eject an instance (passive outlier ejection)"),
  MESH_OUTLIER_BASE_EJECTION_MS("mesh.outlier.base-ejection-ms", "First ejection time; each further ejection of the instance doubles it"),
  MESH_OUTLIER_MAX_EJECTION_MS("mesh.outlier.max-ejection-ms", "Longest ejection time"),
  RATELIMIT_ENABLED("ratelimit.enabled", "Apply the gateway's rate-limit policies (429 with Retry-After beyond them)"),
  RATELIMIT_STORE("ratelimit.store", "`local` (each gateway counts alone) or `redis` (all gateways share each count in redis.url; they count locally while Redis is unreachable)"),
  RATELIMIT_POLICIES("ratelimit.policies", "Token-bucket policies and the route groups they apply to, as JSON (see Gateway policies); empty means the built-in ones. Admins change them at run time with PUT /api/admin/gateway/rate-limits"),
  GATEWAY_REDIS_TIMEOUT_MS("gateway.redis-timeout-ms", "Longest wait for Redis on the request path (rate limits, cache level two); beyond it the gateway goes on without Redis"),
  GATEWAY_IDEMPOTENCY_KEY_TTL_HOURS("gateway.idempotency-key-ttl-hours", "How long the answer of a write sent with an `Idempotency-Key` is kept for the same key (see Idempotency keys), 1-720 hours"),
  GATEWAY_IDEMPOTENCY_STORE_TIMEOUT_MS("gateway.idempotency-store-timeout-ms", "Longest wait for the cluster map of idempotency keys on the request path, 10-10000 ms; beyond it a write with a key is refused with 503 (never run without its key)"),
  CACHE_ENABLED("cache.enabled", "Cache public GET responses in the gateway (invalidated by product events)"),
  CACHE_MAX_ENTRIES("cache.max-entries", "Largest number of responses in the in-process cache (level one)"),
  CACHE_TTL_SECONDS("cache.ttl-seconds", "How long a cached response lives, unless its route has its own TTL"),
  CACHE_ROUTE_TTLS("cache.route-ttls", "Per-route TTLs in seconds, a JSON object by route template (`/api/products/:id` ...); 0 turns caching off for that route"),
  CACHE_REDIS("cache.redis", "Use Redis (redis.url) as the second cache level, shared by every gateway"),
  HTTP_MAX_HEADER_BYTES("http.max-header-bytes", "Largest request header section accepted; larger ones get 431"),
  HTTP_MAX_URL_LENGTH("http.max-url-length", "Longest request URL (path and query) accepted; longer ones get 414"),
  HTTP_MAX_JSON_DEPTH("http.max-json-depth", "Deepest nesting of objects and arrays accepted in a JSON body"),
  HTTP_MAX_STRING_LENGTH("http.max-string-length", "Longest text accepted in a JSON body string or a query parameter, in characters"),
  CORS_ORIGINS("cors.origins", "Origins whose browsers may call the API, comma-separated (`*` for any); empty means no CORS headers"),
  HTTP_TRUSTED_PROXIES("http.trusted-proxies", "Reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For names the client; empty: the peer address is the client");

  private final String key;
  private final String description;

  ConfigKey(String key, String description) {
    this.key = key;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  /** {@code pg.pool-size} -> {@code EMPORIUM_PG_POOL_SIZE}. */
  public String envName() {
    return "EMPORIUM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
