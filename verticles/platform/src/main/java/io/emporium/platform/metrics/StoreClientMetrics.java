package io.emporium.platform.metrics;

import io.vertx.core.spi.metrics.ClientMetrics;

/**
 * Times the statements of the SQL clients and the commands of the Redis client as Vert.x reports them
 * through its client-metrics SPI (one report per statement or command, whichever repository sent it),
 * and passes each report on to Vert.x's own Micrometer client metrics.
 */
final class StoreClientMetrics implements ClientMetrics<StoreClientMetrics.Request, Object, Object> {
  enum Kind { SQL, REDIS }

  static final class Request {
    final Object delegate;
    final String operation;
    final long start = System.nanoTime();

    Request(Object delegate, String operation) {
      this.delegate = delegate;
      this.operation = operation;
    }
  }

  private final Kind kind;
  @SuppressWarnings("rawtypes")
  private final ClientMetrics delegate;
  private final EmporiumMetrics metrics;
  private final SqlStatements statements;

  StoreClientMetrics(Kind kind, ClientMetrics<?, ?, ?> delegate, EmporiumMetrics metrics, SqlStatements statements) {
    this.kind = kind;
    this.delegate = delegate;
    this.metrics = metrics;
    this.statements = statements;
  }

  @SuppressWarnings("unchecked")
  @Override
  public Request requestBegin(String uri, Object request) {
    return new Request(delegate.requestBegin(uri, request), uri);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void requestEnd(Request request) {
    delegate.requestEnd(request.delegate);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void requestEnd(Request request, long bytesWritten) {
    delegate.requestEnd(request.delegate, bytesWritten);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void responseBegin(Request request, Object response) {
    delegate.responseBegin(request.delegate, response);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void responseEnd(Request request) {
    delegate.responseEnd(request.delegate);
    record(request, true);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void responseEnd(Request request, long bytesRead) {
    delegate.responseEnd(request.delegate, bytesRead);
    record(request, true);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void requestReset(Request request) {
    delegate.requestReset(request.delegate);
    record(request, false);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private void record(Request request, boolean success) {
    long nanos = System.nanoTime() - request.start;
    if (kind == Kind.SQL) {
      SqlStatements.Shape shape = statements.of(request.operation);
      metrics.dbOperation(shape.operation(), shape.table(), success, nanos);
    } else {
      metrics.redisCommand(redisCommand(request.operation), success, nanos);
    }
  }

  /** The command's name only (the client reports the command, never its arguments), bounded. */
  private static String redisCommand(String command) {
    if (command == null) {
      return "other";
    }
    String name = command.strip().split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
    return name.matches("[a-z._]{1,32}") ? name : "other";
  }
}
