package io.emporium.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * What a checkout's idempotency key decides. The order id and the reservation id are name-based UUIDs of
 * (user, key): a retry after a crash between the reservation and the order's commit reuses the same
 * reservation (the product service answers it again) and can only ever commit the same order. The
 * fingerprint tells a retry of the same request from another request under the same key.
 */
public final class CheckoutKeys {
  private CheckoutKeys() {}

  public static UUID orderId(String userId, String key) {
    return nameUuid("emporium-order\n" + userId + "\n" + key);
  }

  public static UUID reservationId(String userId, String key) {
    return nameUuid("emporium-order-reservation\n" + userId + "\n" + key);
  }

  /** Of an order of the cart, whatever the cart held (the same request, sent again, means the same thing). */
  public static String fromCart() {
    return sha256("cart");
  }

  /** Of explicit items, in any order. */
  public static String ofItems(List<Cart.Item> items) {
    StringBuilder canonical = new StringBuilder("items");
    items.stream().sorted(Comparator.comparing(Cart.Item::productId))
        .forEach(i -> canonical.append('\n').append(i.productId()).append('x').append(i.quantity()));
    return sha256(canonical.toString());
  }

  private static UUID nameUuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
