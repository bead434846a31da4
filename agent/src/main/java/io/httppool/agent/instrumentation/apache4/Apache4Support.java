package io.httppool.agent.instrumentation.apache4;

/** Implemented by code linked to one application's copy of HttpClient 4.x; called through the hooks bound in {@link Apache4Instrumentation}. */
public interface Apache4Support {
  /** One request on the calling thread, from {@code doExecute} entry to its end. */
  interface Trace {
    void finished(Object response, Throwable error);
  }

  Object buildStarting(Object builder);

  void buildFinished(Object builder, Object restore);

  Object createMinimal();

  void managerCreated(Object manager);

  Object connectionState(Object manager, Object route, Object state);

  Object connectionRequested(Object manager, Object route, Object state, Object request);

  void connectionReleased(Object manager, Object connection, Object state, long keepAlive, Object timeUnit);

  Object mainExecDecorated(Object builder, Object mainExec);

  /** Null when the request names no target. */
  Trace requestStarting(Object target, Object request);

  Object legacyManagerCreated(Object client, Object manager);
}
