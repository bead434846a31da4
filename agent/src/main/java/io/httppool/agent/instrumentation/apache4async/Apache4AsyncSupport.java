package io.httppool.agent.instrumentation.apache4async;

/**
 * Implemented by code linked to one application's copy of HttpAsyncClient 4.1.x; called through the hooks bound
 * in {@link Apache4AsyncInstrumentation}.
 */
public interface Apache4AsyncSupport {
  /** What {@link #buildFinished} needs to put the builder back, or null when the build is left alone. */
  Object buildStarting(Object builder);

  void buildFinished(Object builder, Object restore);

  /** The lease callback to pass on: the library's own, observed. */
  Object connectionRequested(Object manager, Object route, Object callback);

  /** The lease timeout for a request of a shared manager that set none: the agent's {@code acquire-timeout}. */
  long leaseTimeoutMillis(Object manager, long timeoutMillis);

  /** The request producer, context and callback to execute with instead, as an array, or null to keep them. */
  Object requestStarting(Object client, Object producer, Object context, Object callback);
}
