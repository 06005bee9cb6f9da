package io.emporium.gateway.security;

/** Who may call a route: anyone, any signed-in user, or admins only. */
public enum Access {
  PUBLIC,
  USER,
  ADMIN
}
