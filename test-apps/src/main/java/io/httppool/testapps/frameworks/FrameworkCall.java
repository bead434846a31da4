package io.httppool.testapps.frameworks;

/**
 * One framework's way of fetching {@code GET {base}/fw/{index}}, written the careless way: everything (client,
 * template, transport) is built for this one request and then dropped. Implementations are loaded by name, so a
 * child JVM needs only its own framework on the class path.
 */
public interface FrameworkCall {

  /** What the application saw: the status and the body as the framework handed it over. */
  record Outcome(int status, String body) {}

  /** Sends request {@code index} and returns what the framework returned; a framework's exception propagates. */
  Outcome fetch(String base, int index) throws Exception;

  /**
   * The status and body a framework's exception carries (e.g. Spring's {@code HttpStatusCodeException}), with a
   * null body when it carries only the status, or null when it carries neither.
   */
  default Outcome fromFailure(Exception failure) {
    return null;
  }

  /** The body this framework hands over when the server sent {@code sent}: the same, unless it re-encodes. */
  default String expectedBody(String sent) {
    return sent;
  }
}
