package io.emporium.product.store;

import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.Relevance;
import io.emporium.product.domain.SearchTerms;
import io.emporium.product.domain.Sort;
import io.emporium.product.domain.SortField;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the SQL of a listing or search. The statement's shape depends only on which filters are set,
 * the number of query words and the order; every value a client sent is a bound parameter, tsqueries
 * included (built from search words, which hold only letters and digits, and bound as text).
 */
final class PgProductSearch {
  private static final String[] WEIGHTS = {"A", "B", "C"};

  private PgProductSearch() {}

  /** A statement and its parameters. */
  record Statement(String sql, Tuple params) {}

  /** Appends parameters and answers their placeholders. */
  private static final class Binder {
    final Tuple params = Tuple.tuple();

    String bind(Object value) {
      params.addValue(value);
      return "$" + params.size();
    }

    /** A tsquery from text (bound as text, then cast), or NULL. */
    String tsquery(String text) {
      return "CAST(" + bind(text) + " AS text)::tsquery";
    }
  }

  /**
   * @param subtree the category and its subcategories when the filter names one
   * @param similar per fuzzy query word, the known words similar to it
   */
  static Statement page(ProductQuery query, Optional<List<String>> subtree, Map<String, Set<String>> similar) {
    Binder b = new Binder();
    String where = where(query, subtree, similar, b);
    Sort sort = query.sort();
    boolean relevance = sort.field() == SortField.RELEVANCE;
    String rank = relevance ? rankExpression(query.terms().orElseThrow(), similar, b) : "0";
    String inner = "SELECT " + PgRows.productColumns("p") + ", p.name_key, " + rank + " AS rank"
        + " FROM product.products p WHERE " + where;
    StringBuilder sql = new StringBuilder("SELECT * FROM (").append(inner).append(") s");
    query.paging().after().ifPresent(c -> sql.append(" WHERE ").append(keyset(sort, c.key(), b)));
    sql.append(" ORDER BY ").append(orderBy(sort));
    sql.append(" LIMIT ").append(b.bind(query.paging().size() + 1L));
    if (query.paging().offset() > 0) {
      sql.append(" OFFSET ").append(b.bind(query.paging().offset()));
    }
    return new Statement(sql.toString(), b.params);
  }

  static Statement count(ProductQuery query, Optional<List<String>> subtree, Map<String, Set<String>> similar) {
    Binder b = new Binder();
    return new Statement("SELECT count(*) AS n FROM product.products p WHERE " + where(query, subtree, similar, b),
        b.params);
  }

  private static String where(ProductQuery query, Optional<List<String>> subtree, Map<String, Set<String>> similar,
      Binder b) {
    ProductFilter f = query.filter();
    List<String> conditions = new ArrayList<>();
    conditions.add("p.status = 'ACTIVE'");
    subtree.ifPresent(slugs -> conditions.add("p.category = ANY(" + b.bind(slugs.toArray(String[]::new))
        + "::text[])"));
    f.currency().ifPresent(code -> conditions.add("p.currency = " + b.bind(code) + "::char(3)"));
    f.minPrice().ifPresent(min -> conditions.add("p.price >= " + b.bind(min) + "::numeric"));
    f.maxPrice().ifPresent(max -> conditions.add("p.price <= " + b.bind(max) + "::numeric"));
    f.tag().ifPresent(tag -> conditions.add("p.tags @> ARRAY[CAST(" + b.bind(tag.toLowerCase(Locale.ROOT))
        + " AS text)]"));
    f.featured().ifPresent(v -> conditions.add("p.featured = " + b.bind(v)));
    f.inStock().ifPresent(v -> conditions.add(v ? "p.stock > 0" : "p.stock = 0"));
    query.terms().ifPresent(terms -> {
      for (String token : terms.tokens()) {
        conditions.add("p.search_vector @@ " + b.tsquery(matchQuery(token, similar.getOrDefault(token, Set.of()))));
      }
    });
    return String.join(" AND ", conditions);
  }

  /** The word itself (or as a prefix), or any similar word, anywhere. */
  static String matchQuery(String token, Set<String> similar) {
    StringBuilder q = new StringBuilder(lexeme(token));
    if (SearchTerms.allowsPrefix(token)) {
      q.append(":*");
    }
    for (String word : similar) {
      q.append(" | ").append(lexeme(word));
    }
    return q.toString();
  }

  /** The score of {@link Relevance}, as SQL: per word, the best kind of match in the best field. */
  private static String rankExpression(SearchTerms terms, Map<String, Set<String>> similar, Binder b) {
    List<String> perToken = new ArrayList<>();
    for (String token : terms.tokens()) {
      Set<String> words = similar.getOrDefault(token, Set.of());
      List<String> perField = new ArrayList<>();
      for (int f = 0; f < WEIGHTS.length; f++) {
        String w = WEIGHTS[f];
        int[] points = Relevance.POINTS[f];
        StringBuilder c = new StringBuilder("CASE WHEN p.search_vector @@ ").append(b.tsquery(lexeme(token) + ":" + w))
            .append(" THEN ").append(points[0]);
        if (SearchTerms.allowsPrefix(token)) {
          c.append(" WHEN p.search_vector @@ ").append(b.tsquery(lexeme(token) + ":*" + w)).append(" THEN ")
              .append(points[1]);
        }
        if (!words.isEmpty()) {
          String any = String.join(" | ", words.stream().map(x -> lexeme(x) + ":" + w).toList());
          c.append(" WHEN p.search_vector @@ ").append(b.tsquery(any)).append(" THEN ").append(points[2]);
        }
        perField.add(c.append(" ELSE 0 END").toString());
      }
      perToken.add("GREATEST(" + String.join(", ", perField) + ")");
    }
    return "(" + String.join(" + ", perToken) + ")";
  }

  /** Rows strictly after the cursor, in the listing's order (row comparison: one index range). */
  private static String keyset(Sort sort, Cursor.SortKey key, Binder b) {
    String op = sort.reversed() ? "<" : ">";
    String id = b.bind(key.id()) + "::uuid";
    return switch (sort.field()) {
      case PRICE -> "(s.price, s.id) " + op + " (" + b.bind(key.price()) + "::numeric, " + id + ")";
      case NAME -> "(s.name_key COLLATE \"C\", s.id) " + op + " (CAST(" + b.bind(key.nameKey())
          + " AS text) COLLATE \"C\", " + id + ")";
      case NEWEST -> "(s.created_at, s.id) " + op + " (" + b.bind(PgRows.utc(key.createdAt())) + "::timestamptz, "
          + id + ")";
      case RELEVANCE -> "(-s.rank, s.name_key COLLATE \"C\", s.id) " + op + " (" + b.bind(-key.rank())
          + "::int, CAST(" + b.bind(key.nameKey()) + " AS text) COLLATE \"C\", " + id + ")";
    };
  }

  private static String orderBy(Sort sort) {
    String dir = sort.reversed() ? " DESC" : " ASC";
    return switch (sort.field()) {
      case PRICE -> "s.price" + dir + ", s.id" + dir;
      case NAME -> "s.name_key COLLATE \"C\"" + dir + ", s.id" + dir;
      case NEWEST -> "s.created_at" + dir + ", s.id" + dir;
      case RELEVANCE -> "s.rank" + (sort.reversed() ? " ASC" : " DESC") + ", s.name_key COLLATE \"C\"" + dir
          + ", s.id" + dir;
    };
  }

  /** A quoted tsquery lexeme; search words hold only letters and digits, escaped anyway. */
  private static String lexeme(String word) {
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
