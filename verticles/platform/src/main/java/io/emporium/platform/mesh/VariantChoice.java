package io.emporium.platform.mesh;

import io.emporium.platform.mesh.balance.StableHash;
import io.emporium.platform.mesh.policy.CanarySettings;
import io.emporium.platform.mesh.policy.ServicePolicy;
import io.emporium.platform.mesh.policy.TrafficSplit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Which version a call should reach. A forced variant (testing) wins. Then the canary: a call that asks
 * for it by header, or of a user in its share, goes to the canary version; every other call avoids it.
 * Otherwise the service's split decides, sticky per user: the same caller id always falls in the same
 * bucket, so a user stays on one variant for as long as the split does not change. Anonymous calls
 * draw a bucket at random.
 *
 * @param version empty when any version will do
 * @param forced true when the caller demanded it: then no other version may serve the call
 * @param avoid a version to use only when no other instance may take the call (the canary, for the
 *     calls that are not the canary's)
 * @param canary why the call goes to the canary ({@link #BY_HEADER}, {@link #BY_USER}), or null
 */
record VariantChoice(Optional<String> version, boolean forced, Optional<String> avoid, String canary) {
  static final VariantChoice ANY = new VariantChoice(Optional.empty(), false, Optional.empty(), null);
  static final String BY_HEADER = "header";
  static final String BY_USER = "user";
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

  /** A forced variant must look like a version; anything else (it comes from a request header) is refused. */
  static boolean wellFormed(CallContext context) {
    return context.forcedVariant().map(v -> VERSION.matcher(v).matches()).orElse(true);
  }

  static VariantChoice of(ServicePolicy policy, CallContext context) {
    if (context.forcedVariant().isPresent()) {
      return new VariantChoice(context.forcedVariant(), true, Optional.empty(), null);
    }
    Optional<String> avoid = Optional.empty();
    if (policy.canary().isPresent()) {
      CanarySettings canary = policy.canary().get();
      if (canary.byHeader() && context.canary().filter(canary.version()::equals).isPresent()) {
        return new VariantChoice(Optional.of(canary.version()), false, Optional.empty(), BY_HEADER);
      }
      // Salted with the version, so a user's luck in the split or in another canary does not decide this one.
      if (context.callerId().filter(id -> StableHash.percentBucket("canary:" + canary.version() + ":" + id)
          < canary.userPercent()).isPresent()) {
        return new VariantChoice(Optional.of(canary.version()), false, Optional.empty(), BY_USER);
      }
      avoid = Optional.of(canary.version());
    }
    Optional<TrafficSplit> split = policy.split();
    if (split.isEmpty()) {
      return avoid.isEmpty() ? ANY : new VariantChoice(Optional.empty(), false, avoid, null);
    }
    int bucket = context.callerId().map(StableHash::percentBucket)
        .orElseGet(() -> ThreadLocalRandom.current().nextInt(100));
    return new VariantChoice(Optional.ofNullable(split.get().variantFor(bucket)), false, avoid, null);
  }
}
