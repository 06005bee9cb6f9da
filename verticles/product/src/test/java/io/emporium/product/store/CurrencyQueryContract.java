package io.emporium.product.store;

import static io.emporium.product.store.Fixtures.at;
import static io.emporium.product.store.Fixtures.await;
import static io.emporium.product.store.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.Direction;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.Paging;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.Sort;
import io.emporium.product.domain.SortField;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Amounts of different currencies are never compared, the same in both stores: a price order and a
 * price bound are in the currency the query names, and a listing in a currency holds only its products.
 * In one list by bare amount these prices would read 9.99 GBP, 12.00 EUR, 26.46 EUR, 48.68 GBP ...
 */
@ExtendWith(VertxExtension.class)
abstract class CurrencyQueryContract {
  protected ProductRepository repository;

  protected abstract Future<ProductRepository> emptyRepository(Vertx vertx);

  @BeforeEach
  void pricesInTwoCurrencies(Vertx vertx) {
    repository = await(emptyRepository(vertx));
    Fixtures.category(repository, "tableware", null);
    priced("EUR-1", "26.46", "EUR", 1);
    priced("GBP-1", "48.68", "GBP", 2);
    priced("GBP-2", "54.97", "GBP", 3);
    priced("EUR-2", "60.00", "EUR", 4);
    priced("GBP-3", "9.99", "GBP", 5);
    priced("EUR-3", "12.00", "EUR", 6);
  }

  @AfterEach
  void closeVertx(Vertx vertx) {
    await(vertx.close());
  }

  private void priced(String sku, String price, String currency, int minute) {
    create(repository, new NewProduct(sku, "Cup " + sku, "", new BigDecimal(price), currency, "tableware", List.of(),
        new JsonObject(), false, 5), at(minute));
  }

  private static ProductFilter in(String currency) {
    return ProductFilter.none().inCurrency(currency);
  }

  private static ProductFilter between(String min, String max, String currency) {
    return new ProductFilter(Optional.empty(), Optional.of(new BigDecimal(min)), Optional.of(new BigDecimal(max)),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(currency));
  }

  private List<String> skus(ProductFilter filter, SortField field, Direction direction) {
    ProductQuery query = new ProductQuery(Optional.empty(), filter, new Sort(field, direction), Paging.page(1, 20));
    return await(repository.find(query)).hits().stream().map(h -> h.product().sku()).toList();
  }

  @Test
  void aPriceOrderHoldsOnlyTheProductsOfItsCurrency() {
    assertThat(skus(in("EUR"), SortField.PRICE, Direction.ASC)).containsExactly("EUR-3", "EUR-1", "EUR-2");
    assertThat(skus(in("GBP"), SortField.PRICE, Direction.DESC)).containsExactly("GBP-2", "GBP-1", "GBP-3");
    assertThat(skus(in("USD"), SortField.PRICE, Direction.ASC)).isEmpty();
  }

  @Test
  void priceBoundsAreAmountsInTheNamedCurrency() {
    assertThat(skus(between("20", "55", "EUR"), SortField.PRICE, Direction.ASC)).containsExactly("EUR-1");
    assertThat(skus(between("20", "55", "GBP"), SortField.PRICE, Direction.ASC)).containsExactly("GBP-1", "GBP-2");
    assertThat(skus(between("20", "55", "GBP"), SortField.NEWEST, Direction.DESC)).containsExactly("GBP-2", "GBP-1");
  }

  @Test
  void aCurrencyAloneFiltersAnyListingAndItsTotal() {
    ProductQuery gbp = new ProductQuery(Optional.empty(), in("GBP"), new Sort(SortField.NEWEST, Direction.DESC),
        Paging.page(1, 2));
    Found found = await(repository.find(gbp));
    assertThat(found.hits().stream().map(h -> h.product().sku())).containsExactly("GBP-3", "GBP-2");
    assertThat(found.total()).hasValue(3);
  }

  @Test
  void aCursorWalkStaysInItsCurrencyAndBelongsToIt() {
    Sort cheapest = new Sort(SortField.PRICE, Direction.ASC);
    List<String> seen = new ArrayList<>();
    ProductQuery query = new ProductQuery(Optional.empty(), in("GBP"), cheapest, Paging.page(1, 1));
    for (int guard = 0; guard < 10; guard++) {
      Found found = await(repository.find(query));
      found.hits().forEach(h -> seen.add(h.product().sku()));
      if (!found.more()) {
        break;
      }
      Cursor next = new Cursor(query.fingerprint(), found.hits().get(0).sortKey());
      query = new ProductQuery(Optional.empty(), in("GBP"), cheapest, Paging.after(next, 1));
    }
    assertThat(seen).containsExactly("GBP-3", "GBP-1", "GBP-2");
    assertThat(ProductQuery.fingerprint(Optional.empty(), in("GBP"), cheapest))
        .isNotEqualTo(ProductQuery.fingerprint(Optional.empty(), in("EUR"), cheapest));
  }

  @Test
  void noStoreIsAskedToCompareAmountsWithoutACurrency() {
    assertThatThrownBy(() -> new ProductQuery(Optional.empty(), ProductFilter.none(),
        new Sort(SortField.PRICE, Direction.ASC), Paging.page(1, 20))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProductQuery(Optional.empty(), new ProductFilter(Optional.empty(),
        Optional.of(BigDecimal.ONE), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
        new Sort(SortField.NEWEST, Direction.DESC), Paging.page(1, 20))).isInstanceOf(IllegalArgumentException.class);
  }
}
