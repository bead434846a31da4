package io.httppool.agent.instrumentation.apache4;

/** Implemented by code linked to one application's copy of HttpClient 4.x; called through the hooks bound in {@link Apache4Instrumentation}. */
public interface Apache4Support {
  Object buildStarting(Object builder);

  void buildFinished(Object builder, Object restore);

  Object createMinimal();

  void managerCreated(Object manager);

  Object connectionState(Object manager, Object route, Object state);

  Object connectionRequested(Object manager, Object route, Object state, Object request);

  void connectionReleased(Object manager, Object connection, Object state, long keepAlive, Object timeUnit);

  Object mainExecDecorated(Object builder, Object mainExec);

  void requestFinished(Object target, Object request, Object response, Throwable error, long startNanos);

  Object legacyManagerCreated(Object client, Object manager);
}
