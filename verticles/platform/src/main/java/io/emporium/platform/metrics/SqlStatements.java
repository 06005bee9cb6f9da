package io.emporium.platform.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operation and main table of a SQL statement, for metric tags: {@code SELECT ... FROM
 * product.products} is (select, product.products). Statements are fixed strings in the repositories,
 * so each is parsed once; the cache is bounded in case a caller builds statements dynamically.
 */
final class SqlStatements {
  record Shape(String operation, String table) {}

  private static final int MAX_CACHED = 2_048;
  private static final Pattern LEADING_WITH = Pattern.compile("^\\s*with\\s", Pattern.CASE_INSENSITIVE);
  private static final String IDENT = "([a-z_][a-z0-9_$]*(?:\\.[a-z_][a-z0-9_$]*)?)";
  private static final Pattern INSERT = Pattern.compile("\\binsert\\s+into\\s+" + IDENT);
  private static final Pattern UPDATE = Pattern.compile("\\bupdate\\s+(?:only\\s+)?" + IDENT);
  private static final Pattern DELETE = Pattern.compile("\\bdelete\\s+from\\s+(?:only\\s+)?" + IDENT);
  private static final Pattern FROM = Pattern.compile("\\bfrom\\s+(?:only\\s+)?" + IDENT);

  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  Shape of(String sql) {
    if (sql == null) {
      return new Shape("other", "none");
    }
    Shape shape = shapes.get(sql);
    if (shape == null) {
      shape = parse(sql);
      if (shapes.size() < MAX_CACHED) {
        shapes.put(sql, shape);
      }
    }
    return shape;
  }

  static Shape parse(String sql) {
    String text = sql.strip().toLowerCase(Locale.ROOT).replace('"', ' ');
    String operation;
    Pattern tablePattern;
    // A statement that starts with WITH is named after its main verb, after the common table expressions.
    String verbText = LEADING_WITH.matcher(text).find() ? mainVerbAfterWith(text) : text;
    if (verbText.startsWith("select")) {
      operation = "select";
      tablePattern = FROM;
    } else if (verbText.startsWith("insert")) {
      operation = "insert";
      tablePattern = INSERT;
    } else if (verbText.startsWith("update")) {
      operation = "update";
      tablePattern = UPDATE;
    } else if (verbText.startsWith("delete")) {
      operation = "delete";
      tablePattern = DELETE;
    } else {
      String first = verbText.split("\\s+", 2)[0];
      operation = first.matches("[a-z]{2,16}") ? first : "other";
      return new Shape(operation, "none");
    }
    Matcher m = tablePattern.matcher(verbText);
    return new Shape(operation, m.find() ? m.group(1) : "none");
  }

  /** The text from the main statement on: past the parenthesised CTEs at depth 0. */
  private static String mainVerbAfterWith(String text) {
    int depth = 0;
    boolean seenParen = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
        seenParen = true;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && seenParen && Character.isLetter(c)) {
        String rest = text.substring(i);
        if (rest.startsWith("select") || rest.startsWith("insert") || rest.startsWith("update")
            || rest.startsWith("delete")) {
          return rest;
        }
      }
    }
    return text;
  }
}
