package io.emporium.gateway.http;

/** Who may call a route: anyone, any signed-in user, or admins only. */
public enum Access {
  PUBLIC,
  USER,
  ADMIN
}
