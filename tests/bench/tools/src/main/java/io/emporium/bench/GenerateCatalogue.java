package io.emporium.bench;

import io.emporium.contract.ErrorCode;
import io.emporium.contract.ServiceError;
import io.emporium.platform.config.EmporiumConfig.PgSettings;
import io.emporium.platform.config.EmporiumConfig.Secret;
import io.emporium.platform.persistence.PgPools;
import io.emporium.platform.persistence.SchemaMigrations;
import io.emporium.product.ProductModule;
import io.emporium.product.demo.CatalogueGenerator;
import io.emporium.product.domain.Category;
import io.emporium.product.domain.Cursor;
import io.emporium.product.domain.Direction;
import io.emporium.product.domain.Found;
import io.emporium.product.domain.Paging;
import io.emporium.product.domain.ProductFilter;
import io.emporium.product.domain.ProductQuery;
import io.emporium.product.domain.SearchTerms;
import io.emporium.product.domain.Sort;
import io.emporium.product.domain.SortField;
import io.emporium.product.domain.WriteOp;
import io.emporium.product.domain.WritePlanner.FieldNames;
import io.emporium.product.domain.WriteRequest;
import io.emporium.product.store.InMemoryProductRepository;
import io.emporium.product.store.PgProductRepository;
import io.emporium.product.store.ProductRepository;
import io.emporium.product.store.Recorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fills a catalogue with generated products for benchmarks, then (with {@code --benchmark}) times
 * typical listings and searches against it. It writes through the store's own bulk path, in batches
 * of 1,000, but records neither events nor audit entries (nobody needs 100,000 "created" events).
 *
 * <pre>
 * java -cp tests/bench/tools/target/emporium-bench.jar io.emporium.bench.GenerateCatalogue \
 *     --pg-url=postgresql://postgres@127.0.0.1:5432/emporium --count=100000 --benchmark
 * </pre>
 *
 * Options: {@code --store=postgres|memory} (default postgres; memory only makes sense with
 * {@code --benchmark}), {@code --pg-url} (or {@code EMPORIUM_PG_URL}), {@code --count} (default
 * 100,000), {@code --seed}, {@code --parallel} (batches in flight, default 4), {@code --benchmark},
 * {@code --runs} (per query, default 50). Products are numbered from the count already in the
 * catalogue, so running it twice adds a second lot.
 */
public final class GenerateCatalogue {
  private static final int BATCH = 1_000;

  private GenerateCatalogue() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int count = Integer.parseInt(options.getOrDefault("count", "100000"));
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    int parallel = Integer.parseInt(options.getOrDefault("parallel", "4"));
    int runs = Integer.parseInt(options.getOrDefault("runs", "50"));
    boolean memory = "memory".equals(options.getOrDefault("store", "postgres"));
    Vertx vertx = Vertx.vertx();
    try {
      ProductRepository repository = memory ? new InMemoryProductRepository() : postgres(vertx, options, parallel);
      generate(repository, count, seed, parallel);
      if (options.containsKey("benchmark")) {
        benchmark(repository, runs);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static ProductRepository postgres(Vertx vertx, Map<String, String> options, int parallel) throws Exception {
    String url = Optional.ofNullable(options.get("pg-url")).or(() -> Optional.ofNullable(System.getenv(
        "EMPORIUM_PG_URL"))).orElseThrow(() -> new IllegalArgumentException("--pg-url (or EMPORIUM_PG_URL) is needed"));
    PgConnectOptions connect = PgConnectOptions.fromUri(url);
    PgSettings settings = new PgSettings(connect.getHost(), connect.getPort(), connect.getDatabase(),
        connect.getUser(), new Secret(connect.getPassword()), Math.max(2, parallel * 2), 60_000);
    SchemaMigrations.migrate(vertx, settings, ProductModule.SCHEMA, ProductModule.MIGRATIONS).await(5,
        TimeUnit.MINUTES);
    return new PgProductRepository(vertx, PgPools.create(vertx, settings, "catalogue-generator"), 60_000);
  }

  static void generate(ProductRepository repository, int count, long seed, int parallel) throws Exception {
    Recorder silent = Recorder.silent();
    for (Category c : CatalogueGenerator.categories()) {
      repository.createCategory(c, silent).recover(e -> ServiceError.from(e).code() == ErrorCode.CONFLICT
          ? Future.succeededFuture(c) : Future.failedFuture(e)).await(1, TimeUnit.MINUTES);
    }
    long start = repository.count().await(1, TimeUnit.MINUTES);
    CatalogueGenerator generator = new CatalogueGenerator(seed, "GEN" + seed);
    long began = System.nanoTime();
    List<Future<?>> inFlight = new ArrayList<>();
    for (int from = 0; from < count; from += BATCH) {
      int n = Math.min(BATCH, count - from);
      List<WriteOp> ops = generator.products((int) start + from, n).stream().<WriteOp>map(WriteOp.Create::new)
          .toList();
      inFlight.add(repository.write(WriteRequest.bulk(ops, false, FieldNames.bulk()), Instant.now(), silent));
      if (inFlight.size() >= parallel) {
        Future.all(inFlight).await(5, TimeUnit.MINUTES);
        inFlight.clear();
      }
    }
    Future.all(inFlight).await(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(Locale.ROOT, "generated %d products in %.1f s (%.0f per second); the catalogue has %d%n",
        count, seconds, count / Math.max(seconds, 1e-9), repository.count().await(1, TimeUnit.MINUTES));
  }

  static void benchmark(ProductRepository repository, int runs) throws Exception {
    Map<String, Supplier<ProductQuery>> queries = new java.util.LinkedHashMap<>();
    Sort relevance = new Sort(SortField.RELEVANCE, Direction.DESC);
    queries.put("search 'espresso' (relevance, page 1 of 20)", () -> search("espresso", relevance));
    queries.put("search 'porcelain cup' (two words)", () -> search("porcelain cup", relevance));
    queries.put("search 'expresso' (typo)", () -> search("expresso", relevance));
    queries.put("search 'casser' (partial word)", () -> search("casser", relevance));
    queries.put("search 'vintage oak chair' (price asc, EUR)", () -> new ProductQuery(
        Optional.of(SearchTerms.parse("vintage oak chair", "query")), ProductFilter.none().inCurrency("EUR"),
        new Sort(SortField.PRICE, Direction.ASC), Paging.page(1, 20)));
    queries.put("search 'zzqx' (no match)", () -> search("zzqx", relevance));
    queries.put("list category kitchen (with subcategories), price asc, EUR", () -> new ProductQuery(
        Optional.empty(), new ProductFilter(Optional.of("kitchen"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("EUR")),
        new Sort(SortField.PRICE, Direction.ASC), Paging.page(1, 20)));
    queries.put("list all, newest, page 1", () -> list(Paging.page(1, 20)));
    queries.put("list all, newest, page 2,000 (offset 39,980)", () -> list(Paging.page(2_000, 20)));
    ProductQuery first = list(Paging.page(1, 20));
    Found deep = repository.find(list(Paging.page(2_000, 20))).await(1, TimeUnit.MINUTES);
    if (!deep.hits().isEmpty()) {
      Cursor cursor = new Cursor(first.fingerprint(), deep.hits().get(deep.hits().size() - 1).sortKey());
      queries.put("list all, newest, after a cursor at item 40,000", () -> list(Paging.after(cursor, 20)));
    }
    System.out.printf(Locale.ROOT, "%-58s %8s %8s %8s %8s%n", "query (" + repository.kind() + ", " + runs
        + " runs)", "matches", "p50 ms", "p95 ms", "max ms");
    for (Map.Entry<String, Supplier<ProductQuery>> q : queries.entrySet()) {
      repository.find(q.getValue().get()).await(1, TimeUnit.MINUTES);
      double[] ms = new double[runs];
      long matches = 0;
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        Found found = repository.find(q.getValue().get()).await(1, TimeUnit.MINUTES);
        ms[i] = (System.nanoTime() - t) / 1e6;
        matches = found.total().orElse(found.hits().size());
      }
      Arrays.sort(ms);
      System.out.printf(Locale.ROOT, "%-58s %8d %8.1f %8.1f %8.1f%n", q.getKey(), matches, ms[runs / 2],
          ms[(int) Math.ceil(runs * 0.95) - 1], ms[runs - 1]);
    }
  }

  private static ProductQuery search(String text, Sort sort) {
    return new ProductQuery(Optional.of(SearchTerms.parse(text, "query")), ProductFilter.none(), sort,
        Paging.page(1, 20));
  }

  private static ProductQuery list(Paging paging) {
    return new ProductQuery(Optional.empty(), ProductFilter.none(), new Sort(SortField.NEWEST, Direction.DESC),
        paging);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("options look like --count=100000, got " + arg);
      }
      String[] kv = arg.substring(2).split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    return options;
  }
}
