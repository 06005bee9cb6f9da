package io.emporium.product.actions;

import io.emporium.platform.service.RequestBody;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.Direction;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.Hit;
import io.emporium.product.domain.Paging;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.SearchTerms;
import io.emporium.product.domain.Sort;
import io.emporium.product.domain.SortField;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the parameters of product.list, product.search and product.featured, each checked with a
 * VALIDATION error naming it: page (1-10,000), size (1-100), cursor (from an earlier answer, instead
 * of page), sort (price, name, newest, relevance when searching), order (asc, desc), category (a
 * slug), minPrice and maxPrice (decimals), tag, featured and inStock (true or false), currency (an ISO
 * 4217 code: only products priced in it), and query. Prices of different currencies are never compared:
 * sort=price, minPrice and maxPrice need a currency, the request's or the catalogue's configured one
 * (VALIDATION naming {@code currency} otherwise), and the answer names the currency of its items.
 */
final class QueryInput {
  static final Set<String> LIST_FIELDS = Set.of("page", "size", "cursor", "sort", "order", "category", "minPrice",
      "maxPrice", "tag", "featured", "inStock", "currency");

  private QueryInput() {}

  enum Kind { LIST, SEARCH, FEATURED }

  /** @param catalogueCurrency the catalogue's one currency, when configured */
  static ProductQuery parse(JsonObject json, Kind kind, Optional<String> catalogueCurrency) {
    Set<String> allowed = new HashSet<>(LIST_FIELDS);
    if (kind == Kind.SEARCH) {
      allowed.add("query");
    }
    if (kind == Kind.FEATURED) {
      allowed.remove("featured");
    }
    RequestBody body = RequestBody.of(json, allowed);
    Optional<SearchTerms> terms = kind == Kind.SEARCH
        ? Optional.of(SearchTerms.parse(body.requiredString("query"), "query")) : Optional.empty();
    ProductFilter filter = filter(body);
    if (kind == Kind.FEATURED) {
      filter = filter.withFeatured(true);
    }
    Sort sort = sort(body, terms.isPresent());
    filter = currency(body, filter, sort, catalogueCurrency);
    int size = body.parameterInteger("size", 1, Paging.MAX_SIZE).map(Long::intValue).orElse(Paging.DEFAULT_SIZE);
    Optional<String> cursor = body.string("cursor");
    Paging paging;
    if (cursor.isPresent()) {
      if (body.has("page")) {
        throw body.invalid("page", "give either page or cursor, not both");
      }
      paging = Paging.after(Cursor.decode(cursor.get(), ProductQuery.fingerprint(terms, filter, sort)), size);
    } else {
      int page = body.parameterInteger("page", 1, Paging.MAX_PAGE).map(Long::intValue).orElse(1);
      paging = Paging.page(page, size);
    }
    return new ProductQuery(terms, filter, sort, paging);
  }

  private static ProductFilter filter(RequestBody body) {
    Optional<String> category = body.string("category").map(slug -> {
      if (slug.length() > Category.MAX_SLUG || !Category.SLUG.matcher(slug).matches()) {
        throw body.invalid("category", "category must be a category slug such as \"coffee-and-tea\"");
      }
      return slug;
    });
    Optional<BigDecimal> min = body.has("minPrice") ? Optional.of(ProductInput.priceBound(body, "minPrice"))
        : Optional.empty();
    Optional<BigDecimal> max = body.has("maxPrice") ? Optional.of(ProductInput.priceBound(body, "maxPrice"))
        : Optional.empty();
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      throw body.invalid("maxPrice", "maxPrice must not be below minPrice");
    }
    Optional<String> tag = body.string("tag").map(t -> ProductInput.tagFilter(t, body));
    return new ProductFilter(category, min, max, tag, body.parameterBool("featured"), body.parameterBool("inStock"));
  }

  /**
   * The request's currency; else the catalogue's configured one; else, when the query compares
   * prices, a refusal naming {@code currency}; else any currency.
   */
  private static ProductFilter currency(RequestBody body, ProductFilter filter, Sort sort, Optional<String> catalogue) {
    Optional<String> asked = body.string("currency").map(code -> ProductInput.currency(code, body, "currency"));
    if (asked.isPresent()) {
      return filter.inCurrency(asked.get());
    }
    if (catalogue.isPresent()) {
      return filter.inCurrency(catalogue.get());
    }
    if (ProductQuery.comparesPrices(filter, sort)) {
      String what = sort.field() == SortField.PRICE ? "sort=price" : filter.minPrice().isPresent() ? "minPrice"
          : "maxPrice";
      throw body.invalid("currency", "currency is required with " + what + ": prices in different currencies are"
          + " never compared, so name the one to list, e.g. currency=EUR");
    }
    return filter;
  }

  private static Sort sort(RequestBody body, boolean searching) {
    SortField field = body.string("sort").map(s -> SortField.fromWire(s)
            .filter(f -> searching || f != SortField.RELEVANCE)
            .orElseThrow(() -> body.invalid("sort", "sort must be one of price, name, newest"
                + (searching ? ", relevance" : " (relevance only when searching)"))))
        .orElse(searching ? SortField.RELEVANCE : SortField.NEWEST);
    Direction direction = body.string("order").map(o -> Direction.fromWire(o)
            .orElseThrow(() -> body.invalid("order", "order must be asc or desc")))
        .orElse(field.defaultDirection());
    return new Sort(field, direction);
  }

  /**
   * The answer: {"items","page","size","total","nextCursor","currency"} for a numbered page, {"items",
   * "size","nextCursor","currency"} after a cursor. nextCursor continues after the last item (null at the
   * end); currency is the one currency of the items and their order (null when they may mix currencies).
   */
  static JsonObject envelope(ProductQuery query, Found found) {
    JsonObject envelope = new JsonObject()
        .put("items", new JsonArray(found.hits().stream().map(h -> h.product().toJson()).toList()));
    if (!query.paging().cursorMode()) {
      envelope.put("page", query.paging().page());
    }
    envelope.put("size", query.paging().size());
    found.total().ifPresent(total -> envelope.put("total", total));
    String next = null;
    if (found.more() && !found.hits().isEmpty()) {
      Hit last = found.hits().get(found.hits().size() - 1);
      next = new Cursor(query.fingerprint(), last.sortKey()).encode();
    }
    return envelope.put("nextCursor", next).put("currency", query.filter().currency().orElse(null));
  }
}
