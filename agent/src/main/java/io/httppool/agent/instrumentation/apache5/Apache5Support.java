package io.httppool.agent.instrumentation.apache5;

import io.httppool.agent.instrumentation.apache.ClassicRequest;

/** Implemented by code linked to one application's copy of HttpClient 5.x; called through the hooks bound in {@link Apache5Instrumentation}. */
public interface Apache5Support {
  Object buildStarting(Object builder);

  /** {@code client} is what the build returned, null if it threw. */
  void buildFinished(Object builder, Object token, Object client);

  /** True when the agent started the async client itself, so the library's {@code start()} is skipped. */
  boolean asyncClientStarting(Object client);

  Object minimalClientCreated(Object client);

  void managerCreated(Object manager);

  Object leased(Object manager, Object route, Object leaseRequest);

  /** {@code id} is the exchange id the async exec runtime leases for (the chain scope's {@code exchangeId}). */
  Object asyncLeasing(Object manager, Object id, Object route, Object callback);

  Object asyncLeaseTimeout(Object manager, Object route, Object timeout);

  ClassicRequest requestStarting(Object target, Object request);

  /** The shared pool's lease for an application's manager that is a handle onto it; null leaves it to the manager. */
  Object handleLease(Object manager, Object route, Object timeout, Object state);

  /** True when a handle gave the endpoint back to its shared pool, so the manager's own release is skipped. */
  boolean handleRelease(Object manager, Object endpoint, Object state, Object keepAlive);

  /** {@code closeMode} null for {@code close()}. */
  void handleClosed(Object manager, Object closeMode);

  void handleCloseIdle(Object manager, Object idleTime);

  void handleCloseExpired(Object manager);

  /** What a handle reports instead of its own pool's statistics; {@code route} null for the total. */
  Object handleStats(Object manager, Object route, Object stats);

  /** A TLS socket factory or strategy the library made with its default or system settings. */
  void libraryTlsFactory(Object factory, Object method);
}
