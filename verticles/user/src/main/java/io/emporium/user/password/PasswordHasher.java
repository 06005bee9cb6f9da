package io.emporium.user.password;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.user.config.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.text.Normalizer;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hashes and checks passwords on a dedicated worker pool ({@value #POOL_NAME}, {@code hashWorkers}
 * threads), never on an event loop. At most {@code hashWorkers + hashQueue} hashes are in progress or
 * waiting; beyond that a request fails at once with UNAVAILABLE instead of queueing without bound.
 *
 * <p>Passwords are normalised to Unicode NFKC first (NIST SP 800-63B 5.1.1.2), so the same password
 * typed on two keyboards gives the same hash. A check against no hash (unknown email, account without a
 * password) runs against a dummy hash of the current cost, so it takes as long as a real one.
 */
public final class PasswordHasher {
  public static final String POOL_NAME = "emporium-password-hash";

  private final PasswordAlgorithm algorithm;
  private final WorkerExecutor workers;
  private final int capacity;
  private final AtomicInteger inProgress = new AtomicInteger();
  private volatile String dummyHash;

  public PasswordHasher(Vertx vertx, PasswordAlgorithm algorithm, int workers, int queue) {
    this.algorithm = algorithm;
    this.workers = vertx.createSharedWorkerExecutor(POOL_NAME, workers);
    this.capacity = workers + queue;
  }

  public static PasswordHasher create(Vertx vertx, AuthSettings auth) {
    return new PasswordHasher(vertx, Argon2idAlgorithm.from(auth), auth.hashWorkers(), auth.hashQueue());
  }

  /** Prepares the dummy hash; call once before the first check. */
  public Future<Void> start() {
    return offload(() -> algorithm.hash("dummy password that nobody has " + System.nanoTime()))
        .onSuccess(hash -> dummyHash = hash)
        .mapEmpty();
  }

  public Future<String> hash(String password) {
    String normal = normalize(password);
    return offload(() -> algorithm.hash(normal));
  }

  /** Checks the password against the stored hash, or against the dummy hash when there is none. */
  public Future<PasswordCheck> check(String password, Optional<String> storedHash) {
    String normal = normalize(password);
    String hash = storedHash.orElse(null);
    return offload(() -> {
      if (hash == null) {
        algorithm.matches(normal, dummyHash);
        return new PasswordCheck(false, false);
      }
      boolean matches = algorithm.matches(normal, hash);
      return new PasswordCheck(matches, matches && !algorithm.isCurrent(hash));
    });
  }

  /** Hashes in progress or waiting for a thread. */
  public int inProgress() {
    return inProgress.get();
  }

  public Future<Void> close() {
    return workers.close();
  }

  /** NFKC, as hashes and the policy see a password. */
  public static String normalize(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFKC);
  }

  private <T> Future<T> offload(Callable<T> work) {
    if (inProgress.incrementAndGet() > capacity) {
      inProgress.decrementAndGet();
      return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE,
          "too many password checks in progress; try again shortly").toException());
    }
    return workers.executeBlocking(work, false).onComplete(done -> inProgress.decrementAndGet());
  }
}
