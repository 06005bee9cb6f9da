package io.emporium.user.store;

import io.emporium.user.domain.User;
import java.util.Optional;

/**
 * A page of users, oldest account first. {@code role}: {@code admin} lists admins, {@code user}
 * lists accounts without the admin role.
 */
public record UserQuery(int page, int size, Optional<String> role, Optional<User.Status> status) {

  long offset() {
    return (long) (page - 1) * size;
  }
}
