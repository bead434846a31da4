package io.httppool.agent.instrumentation.apache5;

import io.httppool.agent.instrumentation.apache.ClassicRequest;

/** Implemented by code linked to one application's copy of HttpClient 5.x; called through the hooks bound in {@link Apache5Instrumentation}. */
public interface Apache5Support {
  Object buildStarting(Object builder);

  void buildFinished(Object builder, Object token);

  Object minimalClientCreated(Object client);

  void managerCreated(Object manager);

  Object leased(Object manager, Object route, Object leaseRequest);

  /** {@code id} is the exchange id the async exec runtime leases for (the chain scope's {@code exchangeId}). */
  Object asyncLeasing(Object manager, Object id, Object route, Object callback);

  Object asyncLeaseTimeout(Object manager, Object route, Object timeout);

  ClassicRequest requestStarting(Object target, Object request);
}
