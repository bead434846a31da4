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

  /** True when a handle gave the connection back to its shared pool, so the manager's own release is skipped. */
  Boolean connectionReleased(Object manager, Object connection, Object state, long keepAlive, Object timeUnit);

  Object mainExecDecorated(Object builder, Object mainExec);

  /** Null when the request names no target. */
  ClassicRequest requestStarting(Object target, Object request);

  Object legacyManagerCreated(Object client, Object manager);

  /** The shared pool's lease for a manager that is a handle onto it; null leaves the lease to the manager. */
  Object handleLease(Object manager, Object route, Object state);

  void handleShutdown(Object manager);

  void handleCloseIdle(Object manager, long idle, Object timeUnit);

  void handleCloseExpired(Object manager);

  /** What a handle reports instead of its own (empty) pool's statistics; {@code route} null for the total. */
  Object handleStats(Object manager, Object route, Object stats);

  /** A TLS socket factory the library made with its default or system settings ({@code method} says which). */
  void libraryTlsFactory(Object factory, Object method);
}
