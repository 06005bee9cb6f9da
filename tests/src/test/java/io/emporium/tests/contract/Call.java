package io.emporium.tests.contract;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of the workload: the operation of the document it exercises, the concrete request, and the
 * status the system must answer (so the workload provably reaches each error class).
 */
final class Call {
  final String operation;
  final String method;
  String path;
  final Map<String, String> headers = new LinkedHashMap<>();
  String body;
  int expected;

  private Call(String operation) {
    this.operation = operation;
    String[] parts = operation.split(" ", 2);
    this.method = parts[0];
    this.path = parts[1];
    // Identity by default: the check reads bodies as text; one exchange asks for gzip on purpose.
    headers.put("Accept-Encoding", "identity");
  }

  /** @param operation as the document names it: {@code GET /api/products/{id}} */
  static Call of(String operation) {
    return new Call(operation);
  }

  /** The concrete path and query (by default the operation's path, when it has no parameter). */
  Call at(String pathAndQuery) {
    this.path = pathAndQuery;
    return this;
  }

  Call token(String accessToken) {
    return header("Authorization", "Bearer " + accessToken);
  }

  Call header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Call json(JsonObject json) {
    return body("application/json", json.encode());
  }

  Call body(String contentType, String text) {
    headers.put("Content-Type", contentType);
    this.body = text;
    return this;
  }

  Call expect(int status) {
    this.expected = status;
    return this;
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + operation + ")";
  }
}
