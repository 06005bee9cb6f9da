package io.emporium.user;

import io.emporium.platform.async.Deadlines;
import io.emporium.platform.persistence.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Users in PostgreSQL (schema {@code account}: {@code user} is a reserved word); every value is
 * bound, never concatenated.
 */
public final class PgUserRepository implements UserRepository {
  private static final String COLUMNS = "id, email, name, password_hash, roles, status, created_at, updated_at";

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;

  public PgUserRepository(Vertx vertx, Pool pool, long timeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Optional<User>> findById(UUID id) {
    return run("user.findById",
        pool.preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE id = $1").execute(Tuple.of(id)))
        .map(PgUserRepository::firstUser);
  }

  @Override
  public Future<Optional<User>> findByEmail(String email) {
    // lower(email) matches the unique index, so the lookup uses it.
    return run("user.findByEmail",
        pool.preparedQuery("SELECT " + COLUMNS + " FROM account.users WHERE lower(email) = lower($1)")
            .execute(Tuple.of(User.normalizeEmail(email))))
        .map(PgUserRepository::firstUser);
  }

  @Override
  public Future<User> create(NewUser u) {
    String sql = "INSERT INTO account.users (id, email, name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)"
        + " RETURNING " + COLUMNS;
    Tuple params = Tuple.tuple()
        .addUUID(UUID.randomUUID()).addString(u.email()).addString(u.name()).addString(u.passwordHash())
        .addArrayOfString(u.roles().stream().sorted().toArray(String[]::new));
    return run("user.create", pool.preparedQuery(sql).execute(params))
        .map(rows -> toUser(rows.iterator().next()));
  }

  @Override
  public Future<Void> ping() {
    return run("user.ping", pool.query("SELECT 1").execute()).mapEmpty();
  }

  @Override
  public String kind() {
    return "postgres";
  }

  private Future<RowSet<Row>> run(String operation, Future<RowSet<Row>> query) {
    return Deadlines.within(vertx, query, timeoutMs, operation)
        .recover(e -> PgFailures.translate(e, operation, "email"));
  }

  private static Optional<User> firstUser(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toUser(rows.iterator().next()));
  }

  private static User toUser(Row row) {
    return new User(
        row.getUUID("id"), row.getString("email"), row.getString("name"), row.getString("password_hash"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("roles"))), User.Status.valueOf(row.getString("status")),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
  }
}
