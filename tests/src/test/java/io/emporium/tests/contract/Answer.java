package io.emporium.tests.contract;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answer to one {@link Call}, as the client got it through Prism, with what Prism found that the
 * document does not describe ({@code sl-violations}).
 */
record Answer(Call call, String system, int status, HttpHeaders headers, String body) {
  static final String VIOLATIONS_HEADER = "sl-violations";
  /** The type of the errors Prism answers with itself (then the gateway's answer never came through). */
  private static final String PRISM_ERROR = "stoplight.io/prism/errors";

  /** One finding of Prism: where (its first element is "request" or "response"), how bad, and what. */
  record Violation(List<String> location, String severity, String message) {
    boolean aboutResponse() {
      return !location.isEmpty() && location.get(0).equals("response");
    }

    @Override
    public String toString() {
      return severity + " at " + String.join(".", location) + ": " + message;
    }
  }

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  JsonObject json() {
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError(this + ": the body is not a JSON object", e);
    }
  }

  /**
   * Every reason this exchange fails the check: another status than the workload expects, an answer the
   * document does not describe, a request the gateway accepted although the document does not describe it,
   * or an answer Prism made up instead of forwarding the gateway's.
   */
  List<String> faults() {
    List<String> faults = new ArrayList<>();
    if (status != call.expected) {
      faults.add("answered " + status + ", the workload expects " + call.expected);
    }
    String raw = header(VIOLATIONS_HEADER).orElse("");
    if (!raw.isEmpty() && !raw.startsWith("[")) {
      faults.add("Prism's violations, cut short: " + raw);
    }
    for (Violation violation : violations()) {
      if (violation.aboutResponse()) {
        faults.add("the document does not describe this answer: " + violation);
      } else if (status < 400) {
        faults.add("the gateway accepted a request the document does not describe: " + violation);
      }
    }
    if (body.contains(PRISM_ERROR)) {
      faults.add("Prism answered instead of the gateway");
    }
    return faults;
  }

  List<Violation> violations() {
    String raw = header(VIOLATIONS_HEADER).orElse("");
    if (!raw.startsWith("[")) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    for (Object item : new JsonArray(raw)) {
      JsonObject v = (JsonObject) item;
      List<String> location = v.getJsonArray("location", new JsonArray()).stream().map(String::valueOf).toList();
      violations.add(new Violation(location, v.getString("severity", "?"), v.getString("message", "")));
    }
    return violations;
  }

  @Override
  public String toString() {
    String shown = body.length() > 600 ? body.substring(0, 600) + "…" : body;
    return "[" + system + "] " + call + " -> " + status + " " + shown;
  }
}
