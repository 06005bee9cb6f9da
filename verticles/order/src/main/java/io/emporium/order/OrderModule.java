package io.emporium.order;

/** The order service's per-JVM resources. */
public final class OrderModule {
  public static final String SCHEMA = "orders";
  public static final String MIGRATIONS = "db/orders";

  private OrderModule() {}
}
