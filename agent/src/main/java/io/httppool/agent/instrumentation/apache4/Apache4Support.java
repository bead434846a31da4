package io.httppool.agent.instrumentation.apache4;

import io.httppool.agent.instrumentation.apache.ClassicRequest;

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

  /** Null when the request names no target. */
  ClassicRequest requestStarting(Object target, Object request);

  Object legacyManagerCreated(Object client, Object manager);
}
