package io.emporium.user.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.outbox.Polling;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PasswordHasherTest {
  private static final Argon2idAlgorithm CHEAP = new Argon2idAlgorithm(1024, 1, 1);

  @AfterEach
  void closeVertx(Vertx vertx) throws Exception {
    Polling.close(vertx);
  }

  /** Remembers on which thread each hash ran. */
  static final class RecordingAlgorithm implements PasswordAlgorithm {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
    final CountDownLatch release;

    RecordingAlgorithm(CountDownLatch release) {
      this.release = release;
    }

    private void record() {
      threads.add(Thread.currentThread().getName());
      onEventLoop.add(Context.isOnEventLoopThread());
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String hash(String password) {
      record();
      return CHEAP.hash(password);
    }

    @Override
    public boolean matches(String password, String hash) {
      record();
      return CHEAP.matches(password, hash);
    }

    @Override
    public boolean isCurrent(String hash) {
      return CHEAP.isCurrent(hash);
    }
  }

  @Test
  void hashingRunsOnTheHashWorkersNeverOnAnEventLoop(Vertx vertx, VertxTestContext ctx) {
    RecordingAlgorithm algorithm = new RecordingAlgorithm(new CountDownLatch(0));
    PasswordHasher hasher = new PasswordHasher(vertx, algorithm, 2, 8);
    // Called from an event loop, as the service calls it.
    vertx.runOnContext(v -> hasher.start()
        .compose(started -> hasher.hash("a long and unusual passphrase"))
        .compose(hash -> hasher.check("a long and unusual passphrase", Optional.of(hash)))
        .onComplete(ctx.succeeding(check -> ctx.verify(() -> {
          assertThat(check.matches()).isTrue();
          assertThat(algorithm.threads).hasSize(3).allSatisfy(name -> assertThat(name)
              .startsWith(PasswordHasher.POOL_NAME));
          assertThat(algorithm.onEventLoop).containsOnly(false);
          ctx.completeNow();
        }))));
  }

  @Test
  void beyondWorkersPlusQueueRequestsFailAtOnceWithUnavailable(Vertx vertx, VertxTestContext ctx) {
    CountDownLatch release = new CountDownLatch(1);
    PasswordHasher hasher = new PasswordHasher(vertx, new RecordingAlgorithm(release), 1, 2);
    List<Future<String>> accepted = IntStream.range(0, 3).mapToObj(i -> hasher.hash("password number " + i)).toList();
    Future<String> refused = hasher.hash("one too many");
    ctx.verify(() -> {
      assertThat(refused.failed()).as("refused at once, not queued").isTrue();
      assertThat(ServiceError.from(refused.cause()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(hasher.inProgress()).isEqualTo(3);
    });
    release.countDown();
    Future.all(accepted).compose(all -> hasher.hash("room again")).onComplete(ctx.succeeding(hash -> ctx.verify(() -> {
      assertThat(hasher.inProgress()).isZero();
      ctx.completeNow();
    })));
  }

  @Test
  void checkWithoutAStoredHashRunsAgainstTheDummyAndFails(Vertx vertx, VertxTestContext ctx) {
    RecordingAlgorithm algorithm = new RecordingAlgorithm(new CountDownLatch(0));
    PasswordHasher hasher = new PasswordHasher(vertx, algorithm, 1, 4);
    hasher.start()
        .compose(v -> hasher.check("whatever it is", Optional.empty()))
        .onComplete(ctx.succeeding(check -> ctx.verify(() -> {
          assertThat(check).isEqualTo(new PasswordCheck(false, false));
          assertThat(algorithm.threads).as("the dummy hash, then a real check against it").hasSize(2);
          ctx.completeNow();
        })));
  }

  @Test
  void hashIsAPhcStringRecordingItsParameters() {
    String hash = new Argon2idAlgorithm(2048, 2, 1).hash("a long and unusual passphrase");
    assertThat(hash).startsWith("$argon2id$v=19$m=2048,t=2,p=1$");
    assertThat(hash.split("\\$")).hasSize(6);
  }

  @Test
  void aHashOfOtherParametersMatchesButIsNotCurrent() {
    String old = new Argon2idAlgorithm(2048, 1, 1).hash("a long and unusual passphrase");
    assertThat(CHEAP.matches("a long and unusual passphrase", old)).isTrue();
    assertThat(CHEAP.isCurrent(old)).isFalse();
    assertThat(CHEAP.isCurrent(CHEAP.hash("x"))).isTrue();
  }

  @Test
  void wrongPasswordAndUnreadableHashesDoNotMatch() {
    String hash = CHEAP.hash("a long and unusual passphrase");
    assertThat(CHEAP.matches("a long and unusual passphrasE", hash)).isFalse();
    assertThat(CHEAP.matches("anything", "$2a$10$notanargon2hash")).isFalse();
    assertThat(CHEAP.matches("anything", "$argon2id$garbage")).isFalse();
    assertThat(CHEAP.matches("anything", null)).isFalse();
  }

  @Test
  void passwordsAreComparedInNfkc(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx, CHEAP, 1, 4);
    // Full-width letters and a composed é against their NFKC forms.
    hasher.hash("ｃａｆé au lait, s'il vous plaît")
        .compose(hash -> hasher.check("cafe\u0301 au lait, s'il vous plaît", Optional.of(hash)))
        .onComplete(ctx.succeeding(check -> ctx.verify(() -> {
          assertThat(check.matches()).isTrue();
          ctx.completeNow();
        })));
  }
}
