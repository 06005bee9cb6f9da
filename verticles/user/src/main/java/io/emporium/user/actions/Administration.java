package io.emporium.user.actions;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.audit.AuditEntry;
import io.emporium.platform.audit.AuditEntry.Outcome;
import io.emporium.platform.audit.AuditQuery;
import io.emporium.platform.audit.AuditRecord;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.RequestBody;
import io.emporium.platform.service.ServiceRequest;
import io.emporium.user.audit.AuditAction;
import io.emporium.user.domain.Erasure;
import io.emporium.user.domain.SessionRevocation;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.emporium.user.domain.UserStats;
import io.emporium.user.events.UserEvents;
import io.emporium.user.store.UserQuery;
import io.emporium.user.store.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The admin actions: every one checks the admin role in the headers and in the store. */
public final class Administration {
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_PAGE = 1_000_000;
  static final int DEFAULT_STATS_DAYS = 30;
  static final int MAX_STATS_DAYS = 366;

  private final UserRepository repository;
  private final CallerAccounts callers;

  public Administration(UserRepository repository) {
    this.repository = repository;
    this.callers = new CallerAccounts(repository);
  }

  /** {"page"?,"size"?,"role"?,"status"?} -> {"items","page","size","total"} of public users. */
  public Future<JsonObject> list(ServiceRequest request) {
    return callers.admin(request).compose(admin -> listAs(admin, request));
  }

  private Future<JsonObject> listAs(User admin, ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("page", "size", "role", "status"));
    int page = body.integer("page", 1, MAX_PAGE).map(Long::intValue).orElse(1);
    int size = body.integer("size", 1, MAX_PAGE_SIZE).map(Long::intValue).orElse(DEFAULT_PAGE_SIZE);
    Optional<String> role = body.string("role").map(Administration::role);
    Optional<User.Status> status = body.string("status").map(Administration::status);
    return repository.list(new UserQuery(page, size, role, status)).map(users -> users.toJson(User::toPublicJson));
  }

  /** {"id","role":"user"|"admin"} -> the public user. Admins cannot change their own role (CONFLICT). */
  public Future<JsonObject> setRole(ServiceRequest request) {
    return callers.admin(request).compose(admin -> setRoleAs(admin, request));
  }

  private Future<JsonObject> setRoleAs(User admin, ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("id", "role"));
    UUID id = body.requiredUuid("id");
    String role = role(body.requiredString("role"));
    if (admin.id().equals(id)) {
      return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "admins cannot change their own role")
          .toException());
    }
    return existing(id).compose(user -> {
      if (user.role().equals(role)) {
        return Future.succeededFuture(user.toPublicJson());
      }
      Set<String> roles = role.equals(User.ROLE_ADMIN) ? User.ADMIN_ROLES : User.USER_ROLES;
      return repository.update(id, UserPatch.none().withRoles(roles), update -> Effects.of(
              AuditEntry.of(request, Optional.of(admin.id()), AuditAction.ROLE_CHANGE, Optional.of(id),
                  Outcome.SUCCESS, new JsonObject().put("from", update.before().role()).put("to", update.after().role())),
              UserEvents.roleChanged(update.before(), update.after())))
          .map(update -> update.after().toPublicJson());
    });
  }

  /**
   * {"id","status":"active"|"disabled"} -> the public user. Disabling revokes every session of the
   * user in the same transaction, so refresh fails at once. Admins cannot change their own status.
   */
  public Future<JsonObject> setStatus(ServiceRequest request) {
    return callers.admin(request).compose(admin -> setStatusAs(admin, request));
  }

  private Future<JsonObject> setStatusAs(User admin, ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("id", "status"));
    UUID id = body.requiredUuid("id");
    User.Status status = status(body.requiredString("status"));
    if (admin.id().equals(id)) {
      return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "admins cannot change their own status")
          .toException());
    }
    return existing(id).compose(user -> {
      if (user.status() == status) {
        return Future.succeededFuture(user.toPublicJson());
      }
      UserPatch patch = UserPatch.none().withStatus(status).revoking(status == User.Status.DISABLED
          ? SessionRevocation.all("disabled") : SessionRevocation.none());
      AuditAction action = status == User.Status.DISABLED ? AuditAction.USER_DISABLE : AuditAction.USER_ENABLE;
      return repository.update(id, patch, update -> Effects.of(
              AuditEntry.of(request, Optional.of(admin.id()), action, Optional.of(id), Outcome.SUCCESS,
                  new JsonObject().put("revokedSessions", update.revokedSessions())),
              UserEvents.statusChanged(update.after())))
          .map(update -> update.after().toPublicJson());
    });
  }

  /**
   * {"id"} -> what was erased ({@link Erasure#toJson()}): the personal data of an account, erased or
   * pseudonymised in one transaction (see {@link UserRepository#erase}); an admin cannot erase itself.
   * The audit entry of the erasure names the admin and the account by id only.
   */
  public Future<JsonObject> erase(ServiceRequest request) {
    return callers.admin(request).compose(admin -> eraseAs(admin, request));
  }

  private Future<JsonObject> eraseAs(User admin, ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("id"));
    UUID id = body.requiredUuid("id");
    if (admin.id().equals(id)) {
      return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "admins cannot erase their own account")
          .toException());
    }
    return repository.erase(id, erasure -> Effects.audit(AuditEntry.of(request, Optional.of(admin.id()),
            AuditAction.USER_ERASE, Optional.of(id), Outcome.SUCCESS, new JsonObject()
                .put("sessionsDeleted", erasure.sessionsDeleted())
                .put("auditEntriesPseudonymised", erasure.auditEntriesPseudonymised()))))
        .map(Erasure::toJson);
  }

  /**
   * {"from"?,"to"?} (ISO dates, UTC days, inclusive; by default the 30 days up to today; at most 366)
   * -> the figures of {@link UserStats#toJson()}.
   */
  public Future<JsonObject> stats(ServiceRequest request) {
    return callers.admin(request).compose(admin -> statsAs(admin, request));
  }

  private Future<JsonObject> statsAs(User admin, ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(), Set.of("from", "to"));
    LocalDate to = body.string("to").map(t -> date(t, "to")).orElse(LocalDate.now(ZoneOffset.UTC));
    LocalDate from = body.string("from").map(f -> date(f, "from"))
        .orElse(to.minusDays(DEFAULT_STATS_DAYS - 1L));
    if (from.isAfter(to)) {
      throw ServiceError.invalid("from", "from must not be after to").toException();
    }
    if (from.plusDays(MAX_STATS_DAYS).isBefore(to.plusDays(1))) {
      throw ServiceError.invalid("from", "the range may span at most " + MAX_STATS_DAYS + " days").toException();
    }
    return repository.stats(from, to).map(UserStats::toJson);
  }

  /**
   * {"page"?,"size"?,"actor"?,"action"?,"target"?,"from"?,"to"?} -> {"items","page","size","total"} of
   * audit entries, newest first. from/to: ISO instants or dates (a date means its start, UTC); from
   * inclusive, to exclusive.
   */
  public Future<JsonObject> audit(ServiceRequest request) {
    return callers.admin(request).compose(admin -> auditAs(admin, request));
  }

  private Future<JsonObject> auditAs(User admin, ServiceRequest request) {
    RequestBody body = AccountFields.BODIES.read(request.body(),
        Set.of("page", "size", "actor", "action", "target", "from", "to"));
    int page = body.integer("page", 1, MAX_PAGE).map(Long::intValue).orElse(1);
    int size = body.integer("size", 1, MAX_PAGE_SIZE).map(Long::intValue).orElse(DEFAULT_PAGE_SIZE);
    Optional<UUID> actor = body.uuid("actor");
    Optional<UUID> target = body.uuid("target");
    Optional<AuditAction> action = body.string("action").map(a -> AuditAction.fromName(a)
        .orElseThrow(() -> ServiceError.invalid("action", "action must be one of "
            + java.util.Arrays.toString(AuditAction.values())).toException()));
    Optional<Instant> from = body.string("from").map(f -> instant(f, "from"));
    Optional<Instant> to = body.string("to").map(t -> instant(t, "to"));
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw ServiceError.invalid("from", "from must not be after to").toException();
    }
    return repository.audit(new AuditQuery<>(page, size, actor, action, target, from, to))
        .map(entries -> entries.toJson(AuditRecord::toJson));
  }

  /** {} -> {"pending","delivered","dead","retried","oldestPendingAgeSeconds"} of the user service's outbox. */
  public Future<JsonObject> queueStats(ServiceRequest request) {
    return callers.admin(request).compose(admin -> queueStatsAs(admin, request));
  }

  private Future<JsonObject> queueStatsAs(User admin, ServiceRequest request) {
    AccountFields.BODIES.read(request.body(), Set.of());
    return repository.outbox().stats().map(s -> s.toJson());
  }

  private Future<User> existing(UUID id) {
    return repository.findById(id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceError.notFound("no user with id " + id).toException())));
  }

  private static String role(String value) {
    if (!User.KNOWN_ROLES.contains(value)) {
      throw ServiceError.invalid("role", "role must be 'user' or 'admin'").toException();
    }
    return value;
  }

  private static User.Status status(String value) {
    for (User.Status status : User.Status.values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw ServiceError.invalid("status", "status must be 'active' or 'disabled'").toException();
  }

  private static LocalDate date(String value, String field) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ServiceError.invalid(field, field + " must be an ISO date (YYYY-MM-DD)").toException();
    }
  }

  private static Instant instant(String value, String field) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ServiceError.invalid(field, field + " must be an ISO instant (2026-11-25T10:00:00Z) or date").toException();
    }
  }
}
