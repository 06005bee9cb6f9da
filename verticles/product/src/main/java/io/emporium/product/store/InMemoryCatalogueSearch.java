package io.emporium.product.store;

import io.emporium.product.domain.CategoryRules;
import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.Hit;
import io.emporium.product.domain.Ordering;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.Relevance;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Listings and searches of the in-memory catalogue: the same filters, relevance and order as
 * PostgreSQL's, over the indexed products; synchronized on the products (see {@link InMemoryProducts}).
 */
final class InMemoryCatalogueSearch {
  private final InMemoryProducts products;
  private final InMemoryCategoryStore categories;

  InMemoryCatalogueSearch(InMemoryProducts products, InMemoryCategoryStore categories) {
    this.products = products;
    this.categories = categories;
  }

  Future<Found> find(ProductQuery query) {
    synchronized (products) {
      return findLocked(query);
    }
  }

  private Future<Found> findLocked(ProductQuery query) {
    ProductFilter filter = query.filter();
    Optional<Set<String>> subtree = Optional.empty();
    if (filter.category().isPresent()) {
      Set<String> slugs = categories.subtree(filter.category().get());
      if (slugs.isEmpty()) {
        return Future.failedFuture(CategoryRules.unknownFilter(filter.category().get()).toException());
      }
      subtree = Optional.of(slugs);
    }
    Optional<List<Relevance.Expansion>> expansions = query.terms().map(t -> Relevance.expand(t, products.words()));
    Comparator<Cursor.SortKey> order = Ordering.of(query.sort());
    Optional<Cursor.SortKey> after = query.paging().after().map(Cursor::key);
    int size = query.paging().size();
    long wanted = query.paging().offset() + size + 1;
    // The first `wanted` rows in order, kept in a bounded heap (worst first): no sort of everything.
    PriorityQueue<Ranked> best = new PriorityQueue<>(Comparator.comparing(Ranked::key, order).reversed());
    long total = 0;
    for (InMemoryProducts.Indexed indexed : products.all()) {
      if (!keeps(indexed.product(), filter, subtree)) {
        continue;
      }
      int rank = 0;
      if (expansions.isPresent()) {
        rank = Relevance.score(expansions.get(), indexed.words());
        if (rank == 0) {
          continue;
        }
      }
      total++;
      Cursor.SortKey key = indexed.sortKey(rank);
      if (after.isPresent() && order.compare(key, after.get()) <= 0) {
        continue;
      }
      if (best.size() < wanted) {
        best.add(new Ranked(key, indexed.product(), rank));
      } else if (order.compare(key, best.peek().key()) < 0) {
        best.poll();
        best.add(new Ranked(key, indexed.product(), rank));
      }
    }
    List<Ranked> ordered = new ArrayList<>(best);
    ordered.sort(Comparator.comparing(Ranked::key, order));
    List<Hit> page = ordered.stream().skip(query.paging().offset()).limit(size + 1L)
        .map(r -> new Hit(r.product(), r.rank())).toList();
    boolean more = page.size() > size;
    return Future.succeededFuture(new Found(more ? page.subList(0, size) : page, more,
        query.paging().cursorMode() ? OptionalLong.empty() : OptionalLong.of(total)));
  }

  private record Ranked(Cursor.SortKey key, Product product, int rank) {}

  private static boolean keeps(Product p, ProductFilter f, Optional<Set<String>> subtree) {
    return p.status() == Product.Status.ACTIVE
        && subtree.map(s -> p.category() != null && s.contains(p.category())).orElse(true)
        && f.currency().map(c -> p.currency().equals(c)).orElse(true)
        && f.minPrice().map(min -> p.price().compareTo(min) >= 0).orElse(true)
        && f.maxPrice().map(max -> p.price().compareTo(max) <= 0).orElse(true)
        && f.tag().map(t -> p.tags().contains(t.toLowerCase(Locale.ROOT))).orElse(true)
        && f.featured().map(v -> p.featured() == v).orElse(true)
        && f.inStock().map(v -> v ? p.stock() > 0 : p.stock() == 0).orElse(true);
  }
}
