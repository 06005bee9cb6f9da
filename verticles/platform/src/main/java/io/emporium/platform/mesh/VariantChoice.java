package io.emporium.platform.mesh;

import io.emporium.platform.mesh.policy.TrafficSplit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Which version a call should reach. A forced variant (testing) wins; otherwise the service's split
 * decides, sticky per user: the same caller id always falls in the same bucket, so a user stays on
 * one variant for as long as the split does not change. Anonymous calls draw a bucket at random.
 *
 * @param version empty when any version will do
 * @param forced true when the caller demanded it: then no other version may serve the call
 */
record VariantChoice(Optional<String> version, boolean forced) {
  static final VariantChoice ANY = new VariantChoice(Optional.empty(), false);
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

  /** A forced variant must look like a version; anything else (it comes from a request header) is refused. */
  static boolean wellFormed(CallContext context) {
    return context.forcedVariant().map(v -> VERSION.matcher(v).matches()).orElse(true);
  }

  static VariantChoice of(Optional<TrafficSplit> split, CallContext context) {
    if (context.forcedVariant().isPresent()) {
      return new VariantChoice(context.forcedVariant(), true);
    }
    if (split.isEmpty()) {
      return ANY;
    }
    int bucket = context.callerId().map(StableHash::percentBucket)
        .orElseGet(() -> ThreadLocalRandom.current().nextInt(100));
    return new VariantChoice(Optional.ofNullable(split.get().variantFor(bucket)), false);
  }
}
