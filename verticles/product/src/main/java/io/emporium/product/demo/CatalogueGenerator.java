package io.emporium.product.demo;

import io.emporium.product.domain.Category;
import io.emporium.product.domain.NewProduct;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes believable catalogues, deterministically: product {@code n} of a seed is always the same
 * product, so a catalogue of any size can be written in batches (or in parallel) and two runs give
 * equal catalogues. Used by the demo catalogue (a few hundred products) and by the benchmark
 * generator (100,000 and more).
 */
public final class CatalogueGenerator {
  /** Roots and their subcategories; products go into the subcategories. */
  private static final String[][] TREE = {
      {"kitchen", "Kitchen", "cookware:Cookware", "tableware:Tableware", "coffee-and-tea:Coffee and tea"},
      {"home", "Home", "furniture:Furniture", "lighting:Lighting", "textiles:Textiles"},
      {"garden", "Garden", "garden-tools:Garden tools", "plants:Plants"},
      {"electronics", "Electronics", "audio:Audio", "computers:Computers", "phones:Phones"},
      {"books", "Books", "fiction:Fiction", "non-fiction:Non-fiction"},
      {"sports", "Sports", "cycling:Cycling", "running:Running", "fitness:Fitness"},
  };
  private static final String[][] NOUNS = {
      {"cookware", "pan", "saucepan", "wok", "casserole", "skillet", "stockpot"},
      {"tableware", "plate", "bowl", "cup", "mug", "platter", "glass"},
      {"coffee-and-tea", "espresso machine", "grinder", "kettle", "teapot", "french press", "milk frother"},
      {"furniture", "chair", "table", "shelf", "sofa", "stool", "desk"},
      {"lighting", "lamp", "pendant", "lantern", "sconce", "bulb", "floor lamp"},
      {"textiles", "blanket", "cushion", "rug", "curtain", "towel", "throw"},
      {"garden-tools", "spade", "rake", "pruner", "hose", "trowel", "wheelbarrow"},
      {"plants", "fern", "olive tree", "succulent", "orchid", "lavender", "bonsai"},
      {"audio", "headphones", "speaker", "turntable", "amplifier", "earbuds", "soundbar"},
      {"computers", "laptop", "keyboard", "monitor", "mouse", "tablet", "docking station"},
      {"phones", "smartphone", "phone case", "charger", "power bank", "screen protector", "headset"},
      {"fiction", "novel", "thriller", "short stories", "fantasy saga", "detective story", "poetry collection"},
      {"non-fiction", "cookbook", "travel guide", "biography", "history of science", "field guide", "atlas"},
      {"cycling", "bicycle", "helmet", "bike light", "saddle", "pump", "jersey"},
      {"running", "running shoes", "running jacket", "hydration vest", "sports watch", "cap", "tights"},
      {"fitness", "yoga mat", "dumbbell", "kettlebell", "resistance band", "jump rope", "foam roller"},
  };
  private static final String[] ADJECTIVES = {"Classic", "Compact", "Deluxe", "Everyday", "Nordic", "Rustic",
      "Modern", "Vintage", "Lightweight", "Professional", "Handmade", "Elegant", "Sturdy", "Minimal", "Premium"};
  private static final String[] MATERIALS = {"porcelain", "oak", "steel", "cast iron", "linen", "wool", "bamboo",
      "glass", "copper", "leather", "ceramic", "walnut", "aluminium", "cotton", "stone"};
  private static final String[] COLOURS = {"white", "black", "red", "blue", "green", "grey", "yellow", "natural"};
  private static final String[] CURRENCIES = {"EUR", "EUR", "EUR", "USD", "GBP"};
  private static final String[] PHRASES = {"Made to last for years of daily use.", "Easy to clean and to store.",
      "A favourite of our customers.", "Designed in a small workshop.", "Ships in recyclable packaging.",
      "Pairs well with the rest of the range.", "Tested by our team for a month.", "A thoughtful gift."};

  private final long seed;
  private final String skuPrefix;

  public CatalogueGenerator(long seed, String skuPrefix) {
    this.seed = seed;
    this.skuPrefix = skuPrefix;
  }

  /** Roots first, then subcategories. */
  public static List<Category> categories() {
    List<Category> all = new ArrayList<>();
    for (String[] root : TREE) {
      all.add(new Category(root[0], root[1], Optional.empty()));
    }
    for (String[] root : TREE) {
      for (int i = 2; i < root.length; i++) {
        String[] leaf = root[i].split(":");
        all.add(new Category(leaf[0], leaf[1], Optional.of(root[0])));
      }
    }
    return all;
  }

  /** Product {@code n} (from 0): the same for the same seed and n. */
  public NewProduct product(int n) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
    String[] nouns = NOUNS[n % NOUNS.length];
    String category = nouns[0];
    String noun = nouns[1 + random.nextInt(nouns.length - 1)];
    String adjective = pick(ADJECTIVES, random);
    String material = pick(MATERIALS, random);
    String colour = pick(COLOURS, random);
    String name = adjective + " " + material + " " + noun + " " + (100 + n % 900);
    int first = random.nextInt(PHRASES.length);
    int second = (first + 1 + random.nextInt(PHRASES.length - 1)) % PHRASES.length;
    String description = capitalise(colour) + " " + noun + " in " + material + ". " + PHRASES[first] + " "
        + PHRASES[second];
    int cents = 199 + random.nextInt(category.equals("computers") || category.equals("furniture") ? 150_000 : 15_000);
    BigDecimal price = BigDecimal.valueOf(cents, 2);
    LinkedHashSet<String> tags = new LinkedHashSet<>(List.of(category, material, colour));
    if (random.nextInt(4) == 0) {
      tags.add("sale");
    }
    JsonObject attributes = new JsonObject().put("colour", colour).put("material", material)
        .put("weightGrams", 100 + random.nextInt(5_000));
    int stock = random.nextInt(20) == 0 ? 0 : random.nextInt(200);
    boolean featured = n % 25 == 0;
    return new NewProduct(String.format("%s-%06d", skuPrefix, n), name, description, price, pick(CURRENCIES, random),
        category, List.copyOf(tags), attributes, featured, stock);
  }

  public List<NewProduct> products(int from, int count) {
    List<NewProduct> products = new ArrayList<>(count);
    for (int n = from; n < from + count; n++) {
      products.add(product(n));
    }
    return products;
  }

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }

  private static String capitalise(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
