package io.emporium.gateway.accesslog;

/**
 * What one request's access line says, captured on the event loop when the response ended; rendered
 * to text or JSON by the writer thread, never on the loop.
 */
public record AccessLine(long epochMillis, String requestId, String method, String route, int status, long bytes,
    long micros, String userId, String instance, String cache) {

  /** The readable form, in the layout of the shipped text log pattern. */
  void appendText(StringBuilder out, String time) {
    out.append(time).append(" INFO  [access-log] emporium.access - ").append(method).append(' ').append(route)
        .append(' ').append(status).append(' ').append(bytes).append("B ");
    appendMillis(out);
    out.append("ms");
    if (cache != null) {
      out.append(" cache=").append(cache);
    }
    out.append(" requestId=").append(requestId);
    if (userId != null) {
      out.append(" userId=").append(userId);
    }
    out.append(" instance=").append(instance).append('\n');
  }

  /** One JSON object with the fields of the JSON log lines (logstash layout) and the request's facts. */
  void appendJson(StringBuilder out, String timestamp) {
    out.append("{\"@timestamp\":\"").append(timestamp)
        .append("\",\"@version\":\"1\",\"message\":\"");
    JsonText.escape(out, method + ' ' + route + ' ' + status);
    out.append("\",\"logger_name\":\"emporium.access\",\"thread_name\":\"access-log\",\"level\":\"INFO\","
        + "\"level_value\":20000,\"requestId\":\"");
    JsonText.escape(out, requestId);
    out.append("\",\"method\":\"").append(method).append("\",\"route\":\"");
    JsonText.escape(out, route);
    out.append("\",\"status\":").append(status).append(",\"bytes\":").append(bytes).append(",\"latencyMs\":");
    appendMillis(out);
    if (userId != null) {
      out.append(",\"userId\":\"");
      JsonText.escape(out, userId);
      out.append('"');
    }
    out.append(",\"instance\":\"");
    JsonText.escape(out, instance);
    out.append('"');
    if (cache != null) {
      out.append(",\"cache\":\"").append(cache).append('"');
    }
    out.append("}\n");
  }

  /** Milliseconds with three decimals, without going through a double's text form. */
  private void appendMillis(StringBuilder out) {
    out.append(micros / 1000).append('.');
    long fraction = micros % 1000;
    if (fraction < 100) {
      out.append('0');
    }
    if (fraction < 10) {
      out.append('0');
    }
    out.append(fraction);
  }
}
