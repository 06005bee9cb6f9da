package io.emporium.product.store;

import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.Relevance;
import io.emporium.product.domain.SearchText;
import io.emporium.product.domain.WritePlanner;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The products of the in-memory store, with their search words and their sku index. It is also the
 * lock of the store: the catalogue, stock and category stores of one repository run every method
 * that reads or changes their maps synchronized on it (product instances of one JVM share the store
 * from different event loops), so a change, its events and its audit entry are one unit, as a
 * transaction is in PostgreSQL. Callers hold that lock; this class does not take it.
 */
final class InMemoryProducts {
  private final Map<UUID, Indexed> products = new HashMap<>();
  /** Every word of every product, with the number of products that have it (the store's word list). */
  private final Map<String, Integer> words = new HashMap<>();
  private final Map<String, UUID> idBySku = new HashMap<>();

  /** A product with the words of its searchable fields and its name key, computed once per version. */
  record Indexed(Product product, Relevance.Fields words, String nameKey) {
    static Indexed of(Product p) {
      return new Indexed(p, new Relevance.Fields(SearchText.distinctWords(p.name()),
          SearchText.distinctWords(String.join(" ", p.tags())), SearchText.distinctWords(p.description())),
          SearchText.nameKey(p.name()));
    }

    /** The same words, another state (stock moves do not touch the text). */
    Indexed with(Product next) {
      return new Indexed(next, words, nameKey);
    }

    Set<String> allWords() {
      Set<String> all = new HashSet<>(words.name());
      all.addAll(words.tags());
      all.addAll(words.description());
      return all;
    }

    Cursor.SortKey sortKey(int rank) {
      return new Cursor.SortKey(product.price(), nameKey, product.createdAt(), rank, product.id());
    }
  }

  Optional<Product> get(UUID id) {
    return Optional.ofNullable(products.get(id)).map(Indexed::product);
  }

  Collection<Indexed> all() {
    return products.values();
  }

  int size() {
    return products.size();
  }

  /** The words of all products (for fuzzy search). */
  Set<String> words() {
    return words.keySet();
  }

  Optional<UUID> skuOwner(String skuKey) {
    return Optional.ofNullable(idBySku.get(skuKey));
  }

  void created(Product after) {
    put(Indexed.of(after));
    idBySku.put(WritePlanner.skuKey(after.sku()), after.id());
  }

  void updated(Product before, Product after) {
    idBySku.remove(WritePlanner.skuKey(before.sku()));
    idBySku.put(WritePlanner.skuKey(after.sku()), after.id());
    put(Indexed.of(after));
  }

  void deleted(Product before) {
    Indexed previous = products.remove(before.id());
    if (previous != null) {
      forget(previous);
    }
    idBySku.remove(WritePlanner.skuKey(before.sku()));
  }

  /** A new state of a stored product whose texts did not change (a stock move): its words are kept. */
  void restocked(Product after) {
    products.put(after.id(), products.get(after.id()).with(after));
  }

  private void put(Indexed next) {
    Indexed previous = products.put(next.product().id(), next);
    if (previous != null) {
      forget(previous);
    }
    next.allWords().forEach(w -> words.merge(w, 1, Integer::sum));
  }

  private void forget(Indexed previous) {
    previous.allWords().forEach(w -> words.computeIfPresent(w, (k, n) -> n == 1 ? null : n - 1));
  }
}
