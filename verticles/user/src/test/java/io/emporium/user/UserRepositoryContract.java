package io.emporium.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.platform.contract.ErrorCode;
import io.emporium.platform.contract.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link UserRepository} must do. Each store runs these same cases through a subclass, so
 * the in-memory store cannot drift from PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
abstract class UserRepositoryContract {
  static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

  protected UserRepository repository;

  /** A repository with no users in it. */
  protected abstract Future<UserRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void startFromAnEmptyRepository(Vertx vertx, VertxTestContext ctx) {
    emptyRepository(vertx).onComplete(ctx.succeeding(r -> {
      repository = r;
      ctx.completeNow();
    }));
  }

  static NewUser user(String email) {
    return new NewUser(email, "Ada Lovelace", HASH, Set.of(User.ROLE_USER));
  }

  private static void assertConflictOnEmail(Throwable e) {
    assertThat(e).isInstanceOf(ServiceException.class);
    ServiceException conflict = (ServiceException) e;
    assertThat(conflict.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(conflict.error().field()).isEqualTo("email");
  }

  @Test
  void createdUserIsFoundByIdWithEveryFieldEqual(VertxTestContext ctx) {
    NewUser input = new NewUser("ada@example.org", "Ada Lovelace", HASH, Set.of(User.ROLE_USER, User.ROLE_ADMIN));
    repository.create(input)
        .compose(created -> repository.findById(created.id()).map(found -> List.of(created, found.orElseThrow())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          User created = pair.get(0);
          User found = pair.get(1);
          assertThat(found).isEqualTo(created);
          assertThat(found.email()).isEqualTo("ada@example.org");
          assertThat(found.name()).isEqualTo("Ada Lovelace");
          assertThat(found.passwordHash()).isEqualTo(HASH);
          assertThat(found.roles()).containsExactlyInAnyOrder("user", "admin");
          assertThat(found.status()).isEqualTo(User.Status.ACTIVE);
          assertThat(found.createdAt()).isEqualTo(found.updatedAt()).isNotNull();
          // Microseconds, as PostgreSQL keeps them: otherwise a value read back would differ from the one created.
          assertThat(found.createdAt().getNano() % 1_000).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void emailIsStoredLowerCase(VertxTestContext ctx) {
    repository.create(user("  Grace.Hopper@Example.ORG "))
        .compose(created -> repository.findById(created.id()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.orElseThrow().email()).isEqualTo("grace.hopper@example.org");
          ctx.completeNow();
        })));
  }

  @Test
  void userWithoutPasswordHashIsStoredWithNullHash(VertxTestContext ctx) {
    repository.create(new NewUser("nohash@example.org", "No Hash", null, Set.of(User.ROLE_USER)))
        .compose(created -> repository.findById(created.id()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.orElseThrow().passwordHash()).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  void findByEmailIgnoresCase(VertxTestContext ctx) {
    repository.create(user("Ada@Example.org"))
        .compose(created -> Future.all(
                repository.findByEmail("ada@example.org"),
                repository.findByEmail("ADA@EXAMPLE.ORG"),
                repository.findByEmail("aDa@eXample.Org"))
            .map(all -> List.of(created, all.<Optional<User>>resultAt(0).orElseThrow(),
                all.<Optional<User>>resultAt(1).orElseThrow(), all.<Optional<User>>resultAt(2).orElseThrow())))
        .onComplete(ctx.succeeding(users -> ctx.verify(() -> {
          assertThat(users.subList(1, 4)).allSatisfy(found -> assertThat(found).isEqualTo(users.get(0)));
          ctx.completeNow();
        })));
  }

  @Test
  void findByEmailIgnoresCaseOfNonAsciiLetters(VertxTestContext ctx) {
    repository.create(user("Émile.Zola@Example.fr"))
        .compose(created -> repository.findByEmail("ÉMILE.ZOLA@EXAMPLE.FR").map(found -> List.of(created,
            found.orElseThrow())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(1)).isEqualTo(pair.get(0));
          assertThat(pair.get(1).email()).isEqualTo("émile.zola@example.fr");
          ctx.completeNow();
        })));
  }

  @Test
  void findByEmailOfAnUnknownEmailIsEmpty(VertxTestContext ctx) {
    repository.create(user("known@example.org"))
        .compose(created -> repository.findByEmail("unknown@example.org"))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void unknownIdIsEmpty(VertxTestContext ctx) {
    repository.create(user("someone@example.org"))
        .compose(created -> repository.findById(UUID.randomUUID()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void emailDifferingOnlyInCaseIsAConflictOnFieldEmail(VertxTestContext ctx) {
    repository.create(user("taken@example.org"))
        .compose(first -> repository.create(user("TAKEN@Example.ORG")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertConflictOnEmail(e);
          ctx.completeNow();
        })));
  }

  @Test
  void conflictingCreateLeavesTheFirstUserAsTheOneFoundByEmail(VertxTestContext ctx) {
    repository.create(user("first@example.org"))
        .compose(first -> repository.create(new NewUser("FIRST@example.org", "Impostor", null, Set.of(User.ROLE_ADMIN)))
            .transform(attempt -> repository.findByEmail("first@example.org"))
            .map(found -> List.of(first, found.orElseThrow())))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(1)).isEqualTo(pair.get(0));
          assertThat(pair.get(1).roles()).containsExactly("user");
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentCreatesOfOneEmailLetExactlyOneSucceed(Vertx vertx, VertxTestContext ctx) throws Exception {
    int attempts = 20;
    List<Future<User>> creates = raceToCreate(vertx, "race@example.org", attempts);
    Future.join(creates)
        .transform(done -> repository.findByEmail("race@example.org"))
        .onComplete(ctx.succeeding(stored -> ctx.verify(() -> {
          List<Future<User>> succeeded = creates.stream().filter(Future::succeeded).toList();
          List<Future<User>> failed = creates.stream().filter(Future::failed).toList();
          assertThat(succeeded).hasSize(1);
          assertThat(failed).hasSize(attempts - 1);
          failed.forEach(f -> assertConflictOnEmail(f.cause()));
          assertThat(stored).contains(succeeded.get(0).result());
          ctx.completeNow();
        })));
  }

  /**
   * Calls create {@code attempts} times from parallel worker threads that all spin until released
   * together, so the calls overlap as much as the machine allows. Odd attempts use upper case.
   */
  private List<Future<User>> raceToCreate(Vertx vertx, String email, int attempts) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(attempts);
    AtomicBoolean go = new AtomicBoolean();
    List<Future<User>> creates = IntStream.range(0, attempts)
        .mapToObj(i -> vertx.executeBlocking(() -> {
          NewUser candidate = user(i % 2 == 0 ? email : email.toUpperCase(Locale.ROOT));
          ready.countDown();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (!go.get() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          return repository.create(candidate);
        }, false).compose(created -> created))
        .toList();
    // The test thread is not an event loop: waiting here blocks no one.
    assertThat(ready.await(5, TimeUnit.SECONDS)).as("all %d creators started", attempts).isTrue();
    go.set(true);
    return creates;
  }

  @Test
  void publicJsonNeverContainsThePasswordHash(VertxTestContext ctx) {
    repository.create(user("json@example.org"))
        .compose(created -> repository.findById(created.id()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          User user = found.orElseThrow();
          assertThat(user.passwordHash()).isEqualTo(HASH);
          assertThat(user.toPublicJson().fieldNames())
              .containsExactlyInAnyOrder("id", "email", "name", "roles", "status", "createdAt", "updatedAt");
          assertThat(user.toPublicJson().encode()).doesNotContain(HASH).doesNotContain("argon2");
          assertThat(user.toString()).doesNotContain(HASH);
          ctx.completeNow();
        })));
  }

  @Test
  void pingSucceeds(VertxTestContext ctx) {
    repository.ping().onComplete(ctx.succeedingThenComplete());
  }
}
