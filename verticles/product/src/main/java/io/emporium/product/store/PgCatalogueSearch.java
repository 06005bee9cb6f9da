package io.emporium.product.store;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.product.domain.CategoryRules;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.Hit;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.SearchTerms;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Listings and searches of the catalogue in PostgreSQL: resolves the category subtree and the fuzzy
 * words (pg_trgm) first, then runs the statements {@link PgProductSearch} builds.
 */
final class PgCatalogueSearch {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  private final PgStore db;
  private Future<String> trigramSchema;

  PgCatalogueSearch(PgStore db) {
    this.db = db;
  }

  Future<Found> find(ProductQuery query) {
    Future<Optional<List<String>>> subtree = query.filter().category().map(this::subtree)
        .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    Future<Map<String, Set<String>>> similar = query.terms().map(this::similarWords)
        .orElseGet(() -> Future.succeededFuture(Map.of()));
    return Future.all(subtree, similar).compose(ready -> {
      PgProductSearch.Statement page = PgProductSearch.page(query, subtree.result(), similar.result());
      Future<RowSet<Row>> rows = db.run("product.find", db.pool().preparedQuery(page.sql()).execute(page.params()));
      Future<OptionalLong> total = Future.succeededFuture(OptionalLong.empty());
      if (!query.paging().cursorMode()) {
        PgProductSearch.Statement count = PgProductSearch.count(query, subtree.result(), similar.result());
        total = db.run("product.count", db.pool().preparedQuery(count.sql()).execute(count.params()))
            .map(r -> OptionalLong.of(r.iterator().next().getLong("n")));
      }
      Future<OptionalLong> counted = total;
      return Future.all(rows, counted).map(all -> {
        List<Hit> hits = new ArrayList<>();
        rows.result().forEach(r -> hits.add(new Hit(PgRows.product(r), r.getInteger("rank"))));
        int size = query.paging().size();
        boolean more = hits.size() > size;
        return new Found(more ? hits.subList(0, size) : hits, more, counted.result());
      });
    });
  }

  /** The category and all below it; VALIDATION on {@code category} when it does not exist. */
  private Future<Optional<List<String>>> subtree(String slug) {
    String sql = "WITH RECURSIVE sub(slug) AS (SELECT slug FROM product.categories WHERE slug = $1"
        + " UNION SELECT c.slug FROM product.categories c JOIN sub ON c.parent = sub.slug) SELECT slug FROM sub";
    return db.run("product.subtree", db.pool().preparedQuery(sql).execute(Tuple.of(slug))).compose(rows -> {
      List<String> slugs = new ArrayList<>();
      rows.forEach(r -> slugs.add(r.getString("slug")));
      if (slugs.isEmpty()) {
        return Future.failedFuture(CategoryRules.unknownFilter(slug).toException());
      }
      return Future.succeededFuture(Optional.of(slugs));
    });
  }

  /** Per fuzzy query word, the known words at least {@link SearchTerms#FUZZY_THRESHOLD} similar (pg_trgm). */
  private Future<Map<String, Set<String>>> similarWords(SearchTerms terms) {
    List<String> fuzzy = terms.fuzzyTokens();
    if (fuzzy.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return trigramSchema().compose(schema -> {
      String sql = "SELECT t.token, w.word FROM unnest($1::text[]) AS t(token) JOIN product.search_words w"
          + " ON w.word OPERATOR(" + schema + ".%) t.token AND " + schema + ".similarity(w.word, t.token) >= $2::real"
          + " ORDER BY w.word";
      return db.run("product.similarWords", db.pool().preparedQuery(sql)
          .execute(Tuple.of(fuzzy.toArray(String[]::new), SearchTerms.FUZZY_THRESHOLD)));
    }).map(rows -> {
      Map<String, Set<String>> similar = new LinkedHashMap<>();
      rows.forEach(r -> similar.computeIfAbsent(r.getString("token"), k -> new LinkedHashSet<>())
          .add(r.getString("word")));
      return similar;
    });
  }

  /** Where pg_trgm was installed (the migration installs it in {@code product} when it was absent). */
  private synchronized Future<String> trigramSchema() {
    if (trigramSchema == null || trigramSchema.failed()) {
      String sql = "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
          + " WHERE e.extname = 'pg_trgm'";
      trigramSchema = db.run("product.trigramSchema", db.pool().query(sql).execute()).compose(rows -> {
        Optional<String> name = PgStore.first(rows).map(r -> r.getString("nspname"));
        if (name.isEmpty()) {
          return Future.failedFuture(ServiceError.of(ErrorCode.UNAVAILABLE, "pg_trgm is not installed").toException());
        }
        return Future.succeededFuture(IDENTIFIER.matcher(name.get()).matches() ? name.get()
            : "\"" + name.get().replace("\"", "\"\"") + "\"");
      });
    }
    return trigramSchema;
  }
}
