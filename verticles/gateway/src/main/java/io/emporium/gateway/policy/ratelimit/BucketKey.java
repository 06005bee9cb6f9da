package io.emporium.gateway.policy.ratelimit;

import io.emporium.platform.config.RateLimitPolicies.Bucket;

/** One bucket a request must take a token from: the policy and whom it counts (an address, a user, a route). */
record BucketKey(Bucket policy, String subject) {
  /** The name shared by every gateway (and the Redis key): policy, rate and burst, and subject. */
  String id() {
    return policy.name() + ":" + policy.rate() + ":" + policy.burst() + ":" + subject;
  }
}
