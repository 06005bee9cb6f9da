package io.emporium.user;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/**
 * Where users are stored. Two implementations (PostgreSQL and in-memory) pass one contract test
 * suite. Failures: an email already taken (without regard to case) fails with CONFLICT on field
 * {@code email}; a store outage with UNAVAILABLE.
 */
public interface UserRepository {

  Future<Optional<User>> findById(UUID id);

  /** Case-insensitive. */
  Future<Optional<User>> findByEmail(String email);

  Future<User> create(NewUser user);

  /** Succeeds when the store answers; used by health checks. */
  Future<Void> ping();

  /** {@code memory} or {@code postgres}, for health reports. */
  String kind();
}
