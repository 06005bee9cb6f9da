package io.emporium.tests.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The workload's client of one system, through its Prism proxy: sends each {@link Call}, records its
 * {@link Answer} for the check, and hands it back (later calls use ids, tokens and tags from earlier ones).
 */
final class Api {
  /** Generous: a login hashes a password (about a second on a loaded 2-core machine). */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String system;
  private final URI proxy;
  private final List<Answer> answers;

  /** @param answers where every answer is recorded (shared by the systems of one run) */
  Api(String system, URI proxy, List<Answer> answers) {
    this.system = system;
    this.proxy = proxy;
    this.answers = answers;
  }

  /** Sends a call whose answer the rest of the workload builds on: a wrong status stops the run. */
  Answer must(Call call) {
    Answer answer = send(call);
    if (answer.status() != call.expected) {
      throw new AssertionError("the workload cannot go on: " + answer);
    }
    return answer;
  }

  Answer send(Call call) {
    HttpRequest.BodyPublisher body = call.body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(call.body);
    HttpRequest.Builder request = HttpRequest.newBuilder(proxy.resolve(call.path)).timeout(TIMEOUT)
        .method(call.method, body);
    call.headers.forEach(request::header);
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Answer answer = new Answer(call, system, response.statusCode(), response.headers(), response.body());
      answers.add(answer);
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException("[" + system + "] " + call + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
