package io.emporium.product.store;

import static io.emporium.product.store.Fixtures.assertError;
import static io.emporium.product.store.Fixtures.at;
import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.create;
import static io.emporium.product.store.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.contract.ErrorCode;
import io.emporium.product.domain.CategoryTree;
import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.Direction;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.Hit;
import io.emporium.product.domain.Ordering;
import io.emporium.product.domain.Paging;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductPatch;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.SearchTerms;
import io.emporium.product.domain.Sort;
import io.emporium.product.domain.SortField;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Listings and search, the same in both stores: filters, every sort order in both directions, numbered
 * pages and cursors, the category tree, and the relevance ranking on one small catalogue. The
 * expected orders are written out by hand, so both stores are checked against the same answers.
 */
@ExtendWith(VertxExtension.class)
abstract class CatalogueQueryContract {
  protected ProductRepository repository;

  protected abstract Future<ProductRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void aSmallCatalogue(Vertx vertx) {
    repository = await(emptyRepository(vertx));
    Fixtures.category(repository, "kitchen", null);
    Fixtures.category(repository, "coffee-and-tea", "kitchen");
    Fixtures.category(repository, "tableware", "kitchen");
    Fixtures.category(repository, "garden", null);
    Fixtures.category(repository, "garden-tools", "garden");
    Fixtures.category(repository, "empty-one", null);
    create(repository, product("CUP-1", "Espresso cup", "Porcelain cup for a short espresso", "12.90", "tableware",
        List.of("cup", "porcelain"), true, 25), at(1));
    create(repository, product("MAC-1", "Espresso machine", "Pump machine with a steam wand for cappuccino", "349.00",
        "coffee-and-tea", List.of("coffee", "machine"), false, 3), at(2));
    create(repository, product("POT-1", "Porcelain teapot", "Holds a litre of tea", "39.50", "coffee-and-tea",
        List.of("tea", "porcelain"), false, 0), at(3));
    create(repository, product("CUP-2", "Cappuccino cup", "Wide cup with a saucer", "14.00", "tableware",
        List.of("cup", "ceramic"), true, 40), at(4));
    create(repository, product("SPA-1", "Garden spade", "Steel blade, ash handle", "29.99", "garden-tools",
        List.of("tools", "steel"), false, 12), at(5));
    create(repository, product("GRI-1", "Coffee grinder", "Burr grinder for espresso and filter coffee", "89.00",
        "coffee-and-tea", List.of("coffee", "grinder"), false, 7), at(6));
    Product mug = create(repository, product("MUG-1", "Archived mug", "An old espresso cup", "5.00", "tableware",
        List.of("cup"), false, 9), at(7));
    await(repository.update(mug.id(), new ProductPatch(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(Product.Status.ARCHIVED)), Optional.of(1L), at(8), Fixtures.admin()));
  }
  /** Closes this test's Vert.x (and with it its pools) before the next test opens new ones. */
  @AfterEach
  void closeVertx(Vertx vertx) {
    Fixtures.await(vertx.close());
  }


  static ProductQuery list(ProductFilter filter, SortField field, Direction direction, int page, int size) {
    Sort sort = new Sort(field, direction);
    return new ProductQuery(Optional.empty(), inEuros(filter, sort), sort, Paging.page(page, size));
  }

  /** The small catalogue is priced in euros: a query that compares prices names that currency. */
  static ProductFilter inEuros(ProductFilter filter, Sort sort) {
    return ProductQuery.comparesPrices(filter, sort) && filter.currency().isEmpty() ? filter.inCurrency("EUR") : filter;
  }

  static ProductQuery newest() {
    return list(ProductFilter.none(), SortField.NEWEST, Direction.DESC, 1, 20);
  }

  static ProductQuery search(String text) {
    return search(text, ProductFilter.none(), new Sort(SortField.RELEVANCE, Direction.DESC));
  }

  static ProductQuery search(String text, ProductFilter filter, Sort sort) {
    return new ProductQuery(Optional.of(SearchTerms.parse(text, "query")), inEuros(filter, sort), sort,
        Paging.page(1, 20));
  }

  static ProductFilter filter() {
    return ProductFilter.none();
  }

  List<String> skus(ProductQuery query) {
    return skus(await(repository.find(query)));
  }

  static List<String> skus(Found found) {
    return found.hits().stream().map(h -> h.product().sku()).toList();
  }

  // ---- listing ---------------------------------------------------------------------------------

  @Test
  void listingShowsActiveProductsNewestFirstWithTheTotal() {
    Found found = await(repository.find(newest()));
    assertThat(skus(found)).containsExactly("GRI-1", "SPA-1", "CUP-2", "POT-1", "MAC-1", "CUP-1");
    assertThat(found.total()).hasValue(6);
    assertThat(found.more()).isFalse();
  }

  @Test
  void everySortOrderInBothDirections() {
    assertThat(skus(list(filter(), SortField.PRICE, Direction.ASC, 1, 20)))
        .containsExactly("CUP-1", "CUP-2", "SPA-1", "POT-1", "GRI-1", "MAC-1");
    assertThat(skus(list(filter(), SortField.PRICE, Direction.DESC, 1, 20)))
        .containsExactly("MAC-1", "GRI-1", "POT-1", "SPA-1", "CUP-2", "CUP-1");
    assertThat(skus(list(filter(), SortField.NAME, Direction.ASC, 1, 20)))
        .containsExactly("CUP-2", "GRI-1", "CUP-1", "MAC-1", "SPA-1", "POT-1");
    assertThat(skus(list(filter(), SortField.NAME, Direction.DESC, 1, 20)))
        .containsExactly("POT-1", "SPA-1", "MAC-1", "CUP-1", "GRI-1", "CUP-2");
    assertThat(skus(list(filter(), SortField.NEWEST, Direction.ASC, 1, 20)))
        .containsExactly("CUP-1", "MAC-1", "POT-1", "CUP-2", "SPA-1", "GRI-1");
  }

  @Test
  void equalSortKeysAreOrderedByIdInBothStores() {
    List<Product> twins = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      twins.add(create(repository, product("TWIN-" + i, "Twin", "same name, price and time", "7.77", "tableware",
          List.of("twin"), false, 1), at(100)));
    }
    List<String> byId = twins.stream().map(p -> p.id().toString()).sorted().toList();
    ProductFilter twin = new ProductFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("twin"),
        Optional.empty(), Optional.empty());
    for (SortField field : List.of(SortField.PRICE, SortField.NAME, SortField.NEWEST)) {
      List<String> asc = await(repository.find(list(twin, field, Direction.ASC, 1, 20))).hits().stream()
          .map(h -> h.product().id().toString()).toList();
      List<String> desc = await(repository.find(list(twin, field, Direction.DESC, 1, 20))).hits().stream()
          .map(h -> h.product().id().toString()).toList();
      assertThat(asc).as(field.name()).isEqualTo(byId);
      List<String> reversed = new ArrayList<>(byId);
      java.util.Collections.reverse(reversed);
      assertThat(desc).as(field.name()).isEqualTo(reversed);
    }
  }

  @Test
  void categoryFilterIncludesSubcategories() {
    ProductFilter kitchen = new ProductFilter(Optional.of("kitchen"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(skus(list(kitchen, SortField.PRICE, Direction.ASC, 1, 20)))
        .containsExactly("CUP-1", "CUP-2", "POT-1", "GRI-1", "MAC-1");
    ProductFilter tools = new ProductFilter(Optional.of("garden-tools"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(skus(list(tools, SortField.PRICE, Direction.ASC, 1, 20))).containsExactly("SPA-1");
    ProductFilter empty = new ProductFilter(Optional.of("empty-one"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    Found none = await(repository.find(list(empty, SortField.PRICE, Direction.ASC, 1, 20)));
    assertThat(none.hits()).isEmpty();
    assertThat(none.total()).hasValue(0);
  }

  @Test
  void unknownCategoryIsAValidationErrorOnCategory() {
    ProductFilter unknown = new ProductFilter(Optional.of("no-such-thing"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertError(repository.find(list(unknown, SortField.NEWEST, Direction.DESC, 1, 20)), ErrorCode.VALIDATION,
        "category");
  }

  @Test
  void priceBoundsAreInclusiveAndExact() {
    ProductFilter range = new ProductFilter(Optional.empty(), Optional.of(new BigDecimal("14.00")),
        Optional.of(new BigDecimal("89")), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(skus(list(range, SortField.PRICE, Direction.ASC, 1, 20))).containsExactly("CUP-2", "SPA-1", "POT-1",
        "GRI-1");
    ProductFilter justAbove = new ProductFilter(Optional.empty(), Optional.of(new BigDecimal("12.91")),
        Optional.of(new BigDecimal("13.99")), Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(skus(list(justAbove, SortField.PRICE, Direction.ASC, 1, 20))).isEmpty();
  }

  @Test
  void tagFeaturedAndStockFilters() {
    ProductFilter porcelain = new ProductFilter(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of("PORCELAIN"), Optional.empty(), Optional.empty());
    assertThat(skus(list(porcelain, SortField.NAME, Direction.ASC, 1, 20))).containsExactly("CUP-1", "POT-1");
    ProductFilter featured = filter().withFeatured(true);
    assertThat(skus(list(featured, SortField.NAME, Direction.ASC, 1, 20))).containsExactly("CUP-2", "CUP-1");
    ProductFilter soldOut = new ProductFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(false));
    assertThat(skus(list(soldOut, SortField.NAME, Direction.ASC, 1, 20))).containsExactly("POT-1");
    ProductFilter inStockFeaturedTableware = new ProductFilter(Optional.of("tableware"), Optional.empty(),
        Optional.of(new BigDecimal("13.00")), Optional.of("cup"), Optional.of(true), Optional.of(true));
    assertThat(skus(list(inStockFeaturedTableware, SortField.NAME, Direction.ASC, 1, 20))).containsExactly("CUP-1");
  }

  // ---- paging ----------------------------------------------------------------------------------

  @Test
  void numberedPagesSplitTheListingAndAPageBeyondTheEndIsEmpty() {
    Found first = await(repository.find(list(filter(), SortField.PRICE, Direction.ASC, 1, 4)));
    Found second = await(repository.find(list(filter(), SortField.PRICE, Direction.ASC, 2, 4)));
    Found beyond = await(repository.find(list(filter(), SortField.PRICE, Direction.ASC, 3, 4)));
    assertThat(skus(first)).containsExactly("CUP-1", "CUP-2", "SPA-1", "POT-1");
    assertThat(first.more()).isTrue();
    assertThat(skus(second)).containsExactly("GRI-1", "MAC-1");
    assertThat(second.more()).isFalse();
    assertThat(beyond.hits()).isEmpty();
    assertThat(List.of(first.total(), second.total(), beyond.total())).allSatisfy(t -> assertThat(t).hasValue(6));
    Found exact = await(repository.find(list(filter(), SortField.PRICE, Direction.ASC, 1, 6)));
    assertThat(exact.hits()).hasSize(6);
    assertThat(exact.more()).isFalse();
  }

  @Test
  void cursorsWalkEveryOrderToTheEndWithoutGapsOrRepeats() {
    for (SortField field : List.of(SortField.PRICE, SortField.NAME, SortField.NEWEST)) {
      for (Direction direction : Direction.values()) {
        List<String> all = skus(list(filter(), field, direction, 1, 100));
        assertThat(walk(new Sort(field, direction), Optional.empty(), 2)).as(field + " " + direction).isEqualTo(all);
      }
    }
  }

  @Test
  void cursorsWalkASearchInRelevanceOrder() {
    Sort relevance = new Sort(SortField.RELEVANCE, Direction.DESC);
    List<String> all = skus(search("espresso cup"));
    assertThat(walk(relevance, Optional.of(SearchTerms.parse("espresso cup", "query")), 1)).isEqualTo(all);
  }

  private List<String> walk(Sort sort, Optional<SearchTerms> terms, int size) {
    List<String> seen = new ArrayList<>();
    Optional<Cursor> cursor = Optional.empty();
    for (int guard = 0; guard < 50; guard++) {
      Paging paging = cursor.map(c -> Paging.after(c, size)).orElse(Paging.page(1, size));
      ProductQuery query = new ProductQuery(terms, inEuros(filter(), sort), sort, paging);
      Found found = await(repository.find(query));
      found.hits().forEach(h -> seen.add(h.product().sku()));
      if (cursor.isPresent()) {
        assertThat(found.total()).as("a cursor listing does not count").isEmpty();
      }
      if (!found.more()) {
        return seen;
      }
      Hit last = found.hits().get(found.hits().size() - 1);
      cursor = Optional.of(new Cursor(query.fingerprint(), last.sortKey()));
    }
    throw new AssertionError("the cursor walk did not end: " + seen);
  }

  @Test
  void aCursorListingSeesProductsAddedBehindItAndNoneTwice() {
    Sort price = new Sort(SortField.PRICE, Direction.ASC);
    ProductQuery first = new ProductQuery(Optional.empty(), filter().inCurrency("EUR"), price, Paging.page(1, 3));
    Found page1 = await(repository.find(first));
    Cursor cursor = new Cursor(first.fingerprint(), page1.hits().get(2).sortKey());
    // Cheaper than everything seen so far: not in the rest of the walk. Dearer: it is.
    create(repository, product("NEW-1", "Cheap new", "", "1.00", "tableware", List.of(), false, 1), at(50));
    create(repository, product("NEW-2", "Dear new", "", "999.00", "tableware", List.of(), false, 1), at(51));
    Found rest = await(repository.find(new ProductQuery(Optional.empty(), filter().inCurrency("EUR"), price,
        Paging.after(cursor, 10))));
    assertThat(skus(rest)).containsExactly("POT-1", "GRI-1", "MAC-1", "NEW-2");
  }

  @Test
  void storesOrderLikeTheSharedComparator() {
    for (SortField field : List.of(SortField.PRICE, SortField.NAME, SortField.NEWEST)) {
      for (Direction direction : Direction.values()) {
        List<Hit> hits = await(repository.find(list(filter(), field, direction, 1, 100))).hits();
        List<Hit> sorted = new ArrayList<>(hits);
        sorted.sort(Comparator.comparing(Hit::sortKey, Ordering.of(new Sort(field, direction))));
        assertThat(hits).as(field + " " + direction).isEqualTo(sorted);
      }
    }
  }

  // ---- categories ------------------------------------------------------------------------------

  @Test
  void categoryTreeCountsActiveProductsDirectlyAndWithSubcategories() {
    JsonArray tree = CategoryTree.toJson(await(repository.categories()));
    assertThat(tree.stream().map(o -> ((JsonObject) o).getString("slug"))).containsExactly("empty-one", "garden",
        "kitchen");
    JsonObject kitchen = tree.getJsonObject(2);
    assertThat(kitchen.getLong("productCount")).isZero();
    assertThat(kitchen.getLong("totalCount")).isEqualTo(5);
    JsonArray children = kitchen.getJsonArray("children");
    assertThat(children.getJsonObject(0).getString("slug")).isEqualTo("coffee-and-tea");
    assertThat(children.getJsonObject(0).getLong("productCount")).isEqualTo(3);
    assertThat(children.getJsonObject(1).getString("slug")).isEqualTo("tableware");
    assertThat(children.getJsonObject(1).getLong("productCount")).as("the archived mug is not counted")
        .isEqualTo(2);
    assertThat(tree.getJsonObject(1).getLong("totalCount")).isEqualTo(1);
    assertThat(tree.getJsonObject(0).getLong("totalCount")).isZero();
  }

  // ---- search ----------------------------------------------------------------------------------

  @Test
  void searchRanksNameOverTagsOverDescription() {
    // "espresso": in two names (tie: by name), then in a description; never the archived mug.
    assertThat(skus(search("espresso"))).containsExactly("CUP-1", "MAC-1", "GRI-1");
    // "porcelain": in a name (30) beats in tags (20).
    assertThat(skus(search("porcelain"))).containsExactly("POT-1", "CUP-1");
    // "cup": two names tie at 30, ordered by name.
    assertThat(skus(search("cup"))).containsExactly("CUP-2", "CUP-1");
  }

  @Test
  void searchFindsPartialWords() {
    assertThat(skus(search("espres"))).containsExactly("CUP-1", "MAC-1", "GRI-1");
    assertThat(skus(search("capp"))).containsExactly("CUP-2", "MAC-1");
  }

  @Test
  void searchForgivesTypos() {
    assertThat(skus(search("expresso"))).containsExactly("CUP-1", "MAC-1", "GRI-1");
    assertThat(skus(search("porcelian"))).containsExactly("POT-1", "CUP-1");
    assertThat(skus(search("grinderr"))).containsExactly("GRI-1");
  }

  @Test
  void everyWordMustMatchAndExactMatchesOutrankPartialOnes() {
    assertThat(skus(search("porcelain cup"))).containsExactly("CUP-1");
    // MAC-1: coffee in tags (20) + espresso in the name (30) = 50; GRI-1: in the name (30) + description (10) = 40.
    assertThat(skus(search("coffee espresso"))).containsExactly("MAC-1", "GRI-1");
    // Exact "cup" in the name (30) beats "cup" as the start of nothing and "cappuccino" only by prefix.
    assertThat(skus(search("cup saucer"))).containsExactly("CUP-2");
  }

  @Test
  void searchWithNoMatchIsEmptyWithATotalOfZero() {
    Found none = await(repository.find(search("dishwasher")));
    assertThat(none.hits()).isEmpty();
    assertThat(none.total()).hasValue(0);
    assertThat(none.more()).isFalse();
  }

  @Test
  void hostileSearchTextIsJustWordsAndChangesNothing() {
    assertThat(skus(search("'; DROP TABLE product.products; --"))).isEmpty();
    assertThat(skus(search("<script>alert('cup')</script>"))).isEmpty();
    assertThat(skus(search("cup' OR '1'='1"))).isEmpty();
    assertThat(skus(search("cup & | ! :* ()"))).containsExactly("CUP-2", "CUP-1");
    assertThat(skus(search("\\' espresso"))).containsExactly("CUP-1", "MAC-1", "GRI-1");
    assertThat(await(repository.find(newest())).total()).hasValue(6);
  }

  @Test
  void searchTakesTheFiltersAndOtherOrders() {
    ProductFilter cheap = new ProductFilter(Optional.empty(), Optional.empty(), Optional.of(new BigDecimal("13")),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(skus(search("cup", cheap, new Sort(SortField.RELEVANCE, Direction.DESC)))).containsExactly("CUP-1");
    assertThat(skus(search("espresso", filter(), new Sort(SortField.PRICE, Direction.DESC))))
        .containsExactly("MAC-1", "GRI-1", "CUP-1");
    assertThat(skus(search("espresso", filter(), new Sort(SortField.RELEVANCE, Direction.ASC))))
        .containsExactly("GRI-1", "MAC-1", "CUP-1");
    ProductFilter coffee = new ProductFilter(Optional.of("coffee-and-tea"), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(skus(search("espresso", coffee, new Sort(SortField.RELEVANCE, Direction.DESC))))
        .containsExactly("MAC-1", "GRI-1");
  }

  @Test
  void searchSeesUpdatesAtOnce() {
    Product spade = await(repository.find(search("spade"))).hits().get(0).product();
    await(repository.update(spade.id(), new ProductPatch(Optional.empty(), Optional.of("Garden shovel"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty()), Optional.of(spade.version()), at(60), Fixtures.admin()));
    assertThat(skus(search("spade"))).isEmpty();
    assertThat(skus(search("shovel"))).containsExactly("SPA-1");
    assertThat(skus(search("shovle"))).as("a typo of a word that was just added").containsExactly("SPA-1");
  }
}
