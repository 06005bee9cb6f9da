package io.emporium.user.store;


import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceException;
import io.emporium.platform.audit.Effects;
import io.emporium.platform.service.Page;
import io.emporium.user.domain.NewUser;
import io.emporium.user.domain.User;
import io.emporium.user.domain.UserPatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserRepository} must do with users. Each store runs these same cases through a subclass, so
 * the in-memory store cannot drift from PostgreSQL.
 */
abstract class UserRepositoryContract extends RepositoryContract {

  private static void assertConflictOnEmail(Throwable e) {
    assertThat(e).isInstanceOf(ServiceException.class);
    ServiceException conflict = (ServiceException) e;
    assertThat(conflict.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(conflict.error().field()).isEqualTo("email");
  }

  @Test
  void createdUserIsFoundByIdWithEveryFieldEqual(VertxTestContext ctx) {
    NewUser input = new NewUser("ada@example.org", "Ada Lovelace", HASH, Set.of(User.ROLE_USER, User.ROLE_ADMIN));
    create(input)
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
    create(user("  Grace.Hopper@Example.ORG "))
        .compose(created -> repository.findById(created.id()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.orElseThrow().email()).isEqualTo("grace.hopper@example.org");
          ctx.completeNow();
        })));
  }

  @Test
  void userWithoutPasswordHashIsStoredWithNullHash(VertxTestContext ctx) {
    create(new NewUser("nohash@example.org", "No Hash", null, Set.of(User.ROLE_USER)))
        .compose(created -> repository.findById(created.id()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.orElseThrow().passwordHash()).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  void findByEmailIgnoresCase(VertxTestContext ctx) {
    create(user("Ada@Example.org"))
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
    create(user("Émile.Zola@Example.fr"))
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
    create(user("known@example.org"))
        .compose(created -> repository.findByEmail("unknown@example.org"))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void unknownIdIsEmpty(VertxTestContext ctx) {
    create(user("someone@example.org"))
        .compose(created -> repository.findById(UUID.randomUUID()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void emailDifferingOnlyInCaseIsAConflictOnFieldEmail(VertxTestContext ctx) {
    create(user("taken@example.org"))
        .compose(first -> create(user("TAKEN@Example.ORG")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertConflictOnEmail(e);
          ctx.completeNow();
        })));
  }

  @Test
  void conflictingCreateLeavesTheFirstUserAsTheOneFoundByEmail(VertxTestContext ctx) {
    create(user("first@example.org"))
        .compose(first -> create(new NewUser("FIRST@example.org", "Impostor", null, Set.of(User.ROLE_ADMIN)))
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
          return create(candidate);
        }, false).compose(created -> created))
        .toList();
    // The test thread is not an event loop: waiting here blocks no one.
    assertThat(ready.await(5, TimeUnit.SECONDS)).as("all %d creators started", attempts).isTrue();
    go.set(true);
    return creates;
  }

  @Test
  void publicJsonNeverContainsThePasswordHash(VertxTestContext ctx) {
    create(user("json@example.org"))
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

  @Test
  void listPagesOldestFirstAndCountsTheTotal(VertxTestContext ctx) {
    Future<User> chain = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      int n = i;
      chain = chain.compose(v -> create(user("page" + n + "@example.org")));
    }
    chain.compose(v -> Future.all(repository.list(new UserQuery(1, 2, Optional.empty(), Optional.empty())),
            repository.list(new UserQuery(3, 2, Optional.empty(), Optional.empty())),
            repository.list(new UserQuery(4, 2, Optional.empty(), Optional.empty()))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Page<User> first = all.resultAt(0);
          Page<User> last = all.resultAt(1);
          Page<User> beyond = all.resultAt(2);
          assertThat(first.items()).extracting(User::email).containsExactly("page0@example.org", "page1@example.org");
          assertThat(first.total()).isEqualTo(5);
          assertThat(last.items()).extracting(User::email).containsExactly("page4@example.org");
          assertThat(beyond.items()).isEmpty();
          assertThat(beyond.total()).isEqualTo(5);
          ctx.completeNow();
        })));
  }

  @Test
  void listFiltersByRoleAndStatus(VertxTestContext ctx) {
    create(new NewUser("boss@example.org", "Boss", HASH, User.ADMIN_ROLES))
        .compose(v -> create(user("plain@example.org")))
        .compose(plain -> create(user("gone@example.org"))
            .compose(gone -> repository.update(gone.id(), UserPatch.none().withStatus(User.Status.DISABLED),
                u -> Effects.none())))
        .compose(v -> Future.all(
            repository.list(new UserQuery(1, 10, Optional.of("admin"), Optional.empty())),
            repository.list(new UserQuery(1, 10, Optional.of("user"), Optional.empty())),
            repository.list(new UserQuery(1, 10, Optional.empty(), Optional.of(User.Status.DISABLED))),
            repository.list(new UserQuery(1, 10, Optional.of("user"), Optional.of(User.Status.ACTIVE)))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<Page<User>>resultAt(0).items()).extracting(User::email).containsExactly("boss@example.org");
          assertThat(all.<Page<User>>resultAt(1).items()).extracting(User::email)
              .containsExactly("plain@example.org", "gone@example.org");
          assertThat(all.<Page<User>>resultAt(2).items()).extracting(User::email).containsExactly("gone@example.org");
          assertThat(all.<Page<User>>resultAt(3).total()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void updateChangesOnlyWhatThePatchNamesAndStampsUpdatedAt(VertxTestContext ctx) {
    JsonObject preferences = new JsonObject().put("theme", "dark").put("langs", new io.vertx.core.json.JsonArray()
        .add("fr").add("en"));
    create(user("patch@example.org"))
        .compose(created -> repository.update(created.id(), UserPatch.none().withName("Countess")
            .withPreferences(preferences), u -> Effects.none()))
        .compose(update -> repository.findById(update.after().id()).map(found -> List.of(update.before(),
            update.after(), found.orElseThrow())))
        .onComplete(ctx.succeeding(users -> ctx.verify(() -> {
          User before = users.get(0);
          User after = users.get(1);
          assertThat(users.get(2)).isEqualTo(after);
          assertThat(after.name()).isEqualTo("Countess");
          assertThat(after.preferences()).isEqualTo(preferences);
          assertThat(after.email()).isEqualTo(before.email());
          assertThat(after.passwordHash()).isEqualTo(before.passwordHash());
          assertThat(after.roles()).isEqualTo(before.roles());
          assertThat(after.createdAt()).isEqualTo(before.createdAt());
          assertThat(after.updatedAt()).isAfterOrEqualTo(before.updatedAt());
          ctx.completeNow();
        })));
  }

  @Test
  void updateToAnEmailTakenInAnotherCaseIsAConflictAndChangesNothing(VertxTestContext ctx) {
    create(user("first@example.org"))
        .compose(first -> create(user("second@example.org")))
        .compose(second -> repository.update(second.id(), UserPatch.none().withEmail("FIRST@example.org")
                .withName("Changed"), u -> Effects.none())
            .transform(attempt -> {
              ctx.verify(() -> assertConflictOnEmail(attempt.cause()));
              return repository.findById(second.id());
            }))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found.orElseThrow().email()).isEqualTo("second@example.org");
          assertThat(found.orElseThrow().name()).isEqualTo("Ada Lovelace");
          ctx.completeNow();
        })));
  }

  @Test
  void changedEmailIsFoundUnderTheNewAddressOnly(VertxTestContext ctx) {
    create(user("old@example.org"))
        .compose(u -> repository.update(u.id(), UserPatch.none().withEmail("New@Example.org"), x -> Effects.none()))
        .compose(update -> Future.all(repository.findByEmail("new@example.org"), repository.findByEmail("old@example.org")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<Optional<User>>resultAt(0)).isPresent();
          assertThat(all.<Optional<User>>resultAt(1)).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void updateOfAnUnknownUserIsNotFound(VertxTestContext ctx) {
    repository.update(UUID.randomUUID(), UserPatch.none().withName("x"), u -> Effects.none())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertCode(e, ErrorCode.NOT_FOUND);
          ctx.completeNow();
        })));
  }

  @Test
  void passwordChangeConditionalOnAStaleHashIsAPreconditionFailure(VertxTestContext ctx) {
    create(user("cond@example.org"))
        .compose(u -> repository.update(u.id(), UserPatch.none().withPasswordHash("new-hash", "not-the-stored-hash"),
            x -> Effects.none()).transform(attempt -> {
              ctx.verify(() -> assertCode(attempt.cause(), ErrorCode.PRECONDITION_FAILED));
              return repository.update(u.id(), UserPatch.none().withPasswordHash("new-hash", HASH), x -> Effects.none());
            }))
        .onComplete(ctx.succeeding(update -> ctx.verify(() -> {
          assertThat(update.after().passwordHash()).isEqualTo("new-hash");
          ctx.completeNow();
        })));
  }

  @Test
  void upsertAdminCreatesTheAccountOnceAndThenPromotesAndReenablesIt(VertxTestContext ctx) {
    NewUser admin = new NewUser("Root@Example.org", "Administrator", "hash-1", User.ADMIN_ROLES);
    repository.upsertAdmin(admin, s -> Effects.none())
        .compose(first -> repository.update(first.user().id(), UserPatch.none().withRoles(User.USER_ROLES)
                .withStatus(User.Status.DISABLED), u -> Effects.none())
            .compose(demoted -> repository.upsertAdmin(new NewUser("root@example.org", "Administrator", "hash-2",
                User.ADMIN_ROLES), s -> Effects.none()))
            .map(second -> List.of(first, second)))
        .compose(pair -> repository.list(new UserQuery(1, 10, Optional.empty(), Optional.empty()))
            .map(all -> {
              ctx.verify(() -> assertThat(all.total()).isEqualTo(1));
              return pair;
            }))
        .onComplete(ctx.succeeding(pair -> ctx.verify(() -> {
          assertThat(pair.get(0).created()).isTrue();
          assertThat(pair.get(1).created()).isFalse();
          User second = pair.get(1).user();
          assertThat(second.id()).isEqualTo(pair.get(0).user().id());
          assertThat(second.roles()).containsExactlyInAnyOrder("admin", "user");
          assertThat(second.status()).isEqualTo(User.Status.ACTIVE);
          assertThat(second.passwordHash()).isEqualTo("hash-2");
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentAdminUpsertsEndWithOneAccount(VertxTestContext ctx) {
    Future.join(IntStream.range(0, 8).mapToObj(i -> repository.upsertAdmin(new NewUser("race-admin@example.org",
            "Administrator", "hash-" + i, User.ADMIN_ROLES), s -> Effects.none())).toList())
        .compose(all -> repository.list(new UserQuery(1, 10, Optional.empty(), Optional.empty())).map(page -> {
          ctx.verify(() -> assertThat(all.succeeded()).as("every upsert succeeds").isTrue());
          return page;
        }))
        .onComplete(ctx.succeeding(page -> ctx.verify(() -> {
          assertThat(page.total()).isEqualTo(1);
          assertThat(page.items().get(0).isAdmin()).isTrue();
          ctx.completeNow();
        })));
  }
}
