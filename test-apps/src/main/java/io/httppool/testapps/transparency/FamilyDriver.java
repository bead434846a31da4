package io.httppool.testapps.transparency;

import java.util.List;

/**
 * One client family as applications call it: each call pattern is a way real code drives the library (read the
 * body or not, close or not, which method first), run with a new client per request, the careless way the agent
 * exists for.
 */
public interface FamilyDriver extends AutoCloseable {

  /** The names of the call patterns, in the order they run. */
  List<String> patterns();

  /**
   * Makes one request to {@code url} the way {@code pattern} does and records in {@code seen} everything the
   * application sees. An exception that escapes is recorded by the caller.
   */
  void call(String pattern, String url, Observation seen) throws Exception;

  @Override
  default void close() throws Exception {
  }
}
