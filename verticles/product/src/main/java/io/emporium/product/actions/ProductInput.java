package io.emporium.product.actions;

import io.emporium.contract.MoneyAmount;
import io.emporium.platform.service.RequestBody;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.NewProduct;
import io.emporium.product.domain.Product;
import io.emporium.product.domain.ProductPatch;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates product fields, naming the field at fault: name 1-200 characters; price an exact decimal
 * (a string such as "12.90", or a whole JSON number) from 0 with at most 2 decimals ({@link MoneyAmount}),
 * never a JSON number with a fraction: on the bus that has become a double, whose decimal text is lost
 * (the gateway reads an HTTP client's number exactly and passes it on as text); stock a whole number
 * from 0; and so on.
 * Prices come as {"price": {"amount": "12.90", "currency": "EUR"}} (the shape products are answered
 * in) or as {"price": "12.90", "currency": "EUR"}.
 */
final class ProductInput {
  static final Set<String> FIELDS = Set.of("sku", "name", "description", "price", "currency", "category", "tags",
      "attributes", "featured", "stock", "status");
  static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 5_000;
  static final int MAX_TAGS = 20;
  static final int MAX_TAG = 40;
  static final int MAX_ATTRIBUTES_BYTES = 8_192;
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");

  private ProductInput() {}

  /** @param catalogueCurrency the catalogue's one currency, when configured: a price in another is refused */
  static NewProduct create(RequestBody body, Optional<String> catalogueCurrency) {
    String sku = sku(body);
    String name = name(body).orElseThrow(() -> body.invalid("name", body.name("name") + " is required"));
    Money price = price(body, catalogueCurrency)
        .orElseThrow(() -> body.invalid("price", body.name("price") + " is required"));
    if (body.has("status")) {
      throw body.invalid("status", "a new product is always active; archive it with an update");
    }
    return new NewProduct(sku, name, description(body).orElse(""), price.amount(), price.currency(),
        category(body).flatMap(c -> c).orElse(null), tags(body).orElse(List.of()),
        attributes(body).orElse(new JsonObject()), body.bool("featured").orElse(false),
        stock(body).orElse(0));
  }

  static ProductPatch patch(RequestBody body, Optional<String> catalogueCurrency) {
    Optional<Money> price = price(body, catalogueCurrency);
    return new ProductPatch(body.has("sku") ? Optional.of(sku(body)) : Optional.empty(), name(body),
        description(body), price.map(Money::amount), price.map(Money::currency), category(body), tags(body),
        attributes(body), body.bool("featured"), stock(body), status(body));
  }

  record Money(BigDecimal amount, String currency) {}

  private static String sku(RequestBody body) {
    String sku = body.string("sku").orElseThrow(() -> body.invalid("sku", body.name("sku") + " is required"));
    if (!SKU.matcher(sku).matches()) {
      throw body.invalid("sku", body.name("sku") + " must be 1-64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit");
    }
    return sku;
  }

  private static Optional<String> name(RequestBody body) {
    return body.string("name").map(raw -> {
      String name = raw.strip();
      int length = name.codePointCount(0, name.length());
      if (length < 1 || length > MAX_NAME) {
        throw body.invalid("name", body.name("name") + " must be 1-" + MAX_NAME + " characters");
      }
      if (name.chars().anyMatch(Character::isISOControl)) {
        throw body.invalid("name", body.name("name") + " must not contain control characters");
      }
      return name;
    });
  }

  private static Optional<String> description(RequestBody body) {
    return body.string("description").map(d -> {
      if (d.codePointCount(0, d.length()) > MAX_DESCRIPTION) {
        throw body.invalid("description", body.name("description") + " must be at most " + MAX_DESCRIPTION
            + " characters");
      }
      return d;
    });
  }

  private static Optional<Money> price(RequestBody body, Optional<String> catalogueCurrency) {
    Optional<Money> price = price(body);
    price.filter(p -> catalogueCurrency.isPresent() && !catalogueCurrency.get().equals(p.currency()))
        .ifPresent(p -> {
          String field = body.raw("price") instanceof JsonObject ? "price.currency" : "currency";
          throw body.invalid(field, body.name(field) + " must be " + catalogueCurrency.get() + ": this catalogue"
              + " prices in " + catalogueCurrency.get() + " only (catalogue.currency)");
        });
    return price;
  }

  private static Optional<Money> price(RequestBody body) {
    if (!body.has("price")) {
      if (body.has("currency")) {
        throw body.invalid("currency", body.name("currency") + " goes with a price");
      }
      return Optional.empty();
    }
    Object raw = body.raw("price");
    if (raw instanceof JsonObject money) {
      if (body.has("currency")) {
        throw body.invalid("currency", "give the currency inside price");
      }
      RequestBody inner = RequestBody.of(money, Set.of("amount", "currency"), body.name("price."));
      if (!inner.has("amount")) {
        throw body.invalid("price", body.name("price") + ".amount is required");
      }
      BigDecimal amount = amount(inner.raw("amount"), body, "price");
      String currency = currency(inner.string("currency")
          .orElseThrow(() -> inner.invalid("currency", inner.name("currency") + " is required")), inner, "currency");
      return Optional.of(new Money(amount, currency));
    }
    BigDecimal amount = amount(raw, body, "price");
    String currency = currency(body.string("currency")
        .orElseThrow(() -> body.invalid("currency", body.name("currency") + " is required with a price")), body,
        "currency");
    return Optional.of(new Money(amount, currency));
  }

  private static BigDecimal amount(Object raw, RequestBody body, String field) {
    BigDecimal amount;
    if (raw instanceof String text) {
      if (!DECIMAL.matcher(text).matches()) {
        throw body.invalid(field, body.name(field) + " must be a decimal such as \"12.90\"");
      }
      amount = new BigDecimal(text);
    } else if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
      amount = new BigDecimal(raw.toString());
    } else if (raw instanceof Number) {
      throw body.invalid(field, body.name(field) + " must be a decimal string such as \"12.90\": a JSON number with"
          + " a fraction is binary floating point and may not be exact");
    } else {
      throw body.invalid(field, body.name(field) + " must be a decimal such as \"12.90\"");
    }
    MoneyAmount.problem(amount, body.name(field)).ifPresent(why -> {
      throw body.invalid(field, why);
    });
    return amount.setScale(MoneyAmount.DECIMALS);
  }

  /** An ISO 4217 code, as products are priced in and listings are filtered by. */
  static String currency(String code, RequestBody body, String field) {
    if (!code.matches("[A-Z]{3}")) {
      throw body.invalid(field, body.name(field) + " must be an ISO 4217 code such as \"EUR\"");
    }
    try {
      Currency.getInstance(code);
    } catch (IllegalArgumentException unknown) {
      throw body.invalid(field, body.name(field) + " is not an ISO 4217 currency");
    }
    return code;
  }

  /** Absent: keep; null: no category; a slug: that category (its existence is the store's check). */
  private static Optional<Optional<String>> category(RequestBody body) {
    if (!body.has("category")) {
      return Optional.empty();
    }
    if (body.isNull("category")) {
      return Optional.of(Optional.empty());
    }
    String slug = body.string("category").orElseThrow();
    if (slug.length() > Category.MAX_SLUG || !Category.SLUG.matcher(slug).matches()) {
      throw body.invalid("category", body.name("category") + " must be a category slug such as \"coffee-and-tea\"");
    }
    return Optional.of(Optional.of(slug));
  }

  /** Trimmed, lower case, without repeats. */
  private static Optional<List<String>> tags(RequestBody body) {
    return body.array("tags").map(array -> {
      if (array.size() > MAX_TAGS) {
        throw body.invalid("tags", body.name("tags") + " may have at most " + MAX_TAGS + " tags");
      }
      Set<String> tags = new LinkedHashSet<>();
      for (Object o : array) {
        if (!(o instanceof String raw)) {
          throw body.invalid("tags", body.name("tags") + " must be an array of strings");
        }
        String tag = raw.strip().toLowerCase(Locale.ROOT);
        if (tag.isEmpty() || tag.length() > MAX_TAG || tag.chars().anyMatch(Character::isISOControl)) {
          throw body.invalid("tags", "each tag must be 1-" + MAX_TAG + " characters");
        }
        tags.add(tag);
      }
      return new ArrayList<>(tags);
    });
  }

  private static Optional<JsonObject> attributes(RequestBody body) {
    return body.object("attributes").map(a -> {
      if (a.toBuffer().length() > MAX_ATTRIBUTES_BYTES) {
        throw body.invalid("attributes", body.name("attributes") + " must be at most " + MAX_ATTRIBUTES_BYTES
            + " bytes of JSON");
      }
      return a.copy();
    });
  }

  private static Optional<Integer> stock(RequestBody body) {
    return body.integer("stock", 0, Integer.MAX_VALUE).map(Long::intValue);
  }

  private static Optional<Product.Status> status(RequestBody body) {
    return body.string("status").map(s -> switch (s) {
      case "active" -> Product.Status.ACTIVE;
      case "archived" -> Product.Status.ARCHIVED;
      default -> throw body.invalid("status", body.name("status") + " must be 'active' or 'archived'");
    });
  }

  /** Tags given to a filter: one tag, compared in lower case. */
  static String tagFilter(String raw, RequestBody body) {
    String tag = raw.strip().toLowerCase(Locale.ROOT);
    if (tag.isEmpty() || tag.length() > MAX_TAG) {
      throw body.invalid("tag", "tag must be 1-" + MAX_TAG + " characters");
    }
    return tag;
  }

  /** A price bound of a filter (minPrice, maxPrice): a decimal from 0 with at most 2 decimals. */
  static BigDecimal priceBound(RequestBody body, String field) {
    return amount(body.raw(field), body, field);
  }

}
