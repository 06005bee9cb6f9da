package io.emporium.gateway.policy.validation;

import io.emporium.gateway.docs.ApiDocs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API's OpenAPI document loaded by vertx-openapi (which checks it against the OpenAPI schema and
 * resolves its references), and the validation handler of each route, built once at start. A route
 * without an operation, or an operation the gateway cannot check, fails the start.
 *
 * <p>Why not vertx-openapi's {@code RequestValidator.validate(request, operationId)} per request: in
 * 5.0.x it runs every request on a worker thread ({@code executeBlocking}), builds a new schema validator
 * per parameter per request (copying the schema lookup table each time), and stops at the first bad
 * parameter. The gateway uses the same contract model and the same schema validators, built once per
 * parameter and body, on the event loop, and reports every field at fault.
 */
public final class ApiContract {
  private final OpenAPIContract contract;
  private final JsonObject document;
  private final Map<String, Operation> operations = new HashMap<>();
  private final Set<String> validated = new TreeSet<>();

  private ApiContract(OpenAPIContract contract, JsonObject document) {
    this.contract = contract;
    this.document = document;
    contract.operations().forEach(op -> operations.put(op.getHttpMethod().name() + " " + op.getOpenAPIPath(), op));
  }

  /** Loads the document (off the event loop: vertx-openapi validates and resolves it on a worker). */
  public static Future<ApiContract> load(Vertx vertx, JsonObject document) {
    return OpenAPIContract.from(vertx, forValidation(document))
        .recover(e -> Future.failedFuture(new IllegalStateException("the OpenAPI document " + ApiDocs.DOCUMENT
            + " does not load: " + e.getMessage(), e)))
        .map(loaded -> new ApiContract(loaded, document));
  }

  /**
   * The handler that checks requests of one route against its operation, found by method and path
   * template ({@code /api/products/:id} is the document's {@code /api/products/{id}}).
   *
   * @throws IllegalStateException when the document has no such operation, or one the gateway cannot check
   */
  public ContractValidation validation(HttpMethod method, String routePath) {
    String signature = method.name() + " " + routePath.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    Operation operation = operations.get(signature);
    if (operation == null) {
      throw new IllegalStateException("the route " + signature + " has no operation in " + ApiDocs.DOCUMENT);
    }
    ContractValidation handler = new ContractValidation(OperationRules.of(operation, routePath,
        contract.getSchemaRepository(), document));
    validated.add(signature);
    return handler;
  }

  /** The routes that got a validation handler, as {@code GET /api/products/{id}}. */
  public Set<String> validatedRoutes() {
    return Collections.unmodifiableSet(validated);
  }

  /**
   * The document as vertx-openapi 5.0.x can load it: it refuses a contract whose responses use a media type
   * outside its short list, and ours answer errors as {@code application/problem+json} (RFC 9457) and
   * metrics as Prometheus text (eclipse-vertx/vertx-openapi#107; 5.1 lets one register media types). The
   * gateway validates requests only, so the copy leaves out the content of those responses. It also leaves
   * out {@code servers}: the document names its server relatively ({@code "/"}, the gateway that serves it)
   * and vertx-openapi 5.0.x refuses any server URL that is not absolute, while the routes match paths
   * themselves. The served document is unchanged.
   */
  static JsonObject forValidation(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("servers");
    copy.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject())
        .forEach(response -> withoutUnknownMediaTypes(response.getValue()));
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue())
        .forEach(operation -> {
          if (operation.getValue() instanceof JsonObject op) {
            op.getJsonObject("responses", new JsonObject()).forEach(r -> withoutUnknownMediaTypes(r.getValue()));
          }
        }));
    return copy;
  }

  private static void withoutUnknownMediaTypes(Object response) {
    if (response instanceof JsonObject json && json.getValue("content") instanceof JsonObject content) {
      content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
    }
  }
}
