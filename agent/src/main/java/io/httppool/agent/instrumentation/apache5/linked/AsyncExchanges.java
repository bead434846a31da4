package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.RequestTrace;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The async requests in flight, by exchange id, so that a lease can tell its request whether it got a reused
 * connection. Every 5.x async client draws one exchange id per request ({@code ExecSupport.getNextExchangeId()},
 * a counter of that copy of the library) and leases with it ({@code AsyncConnectExec} passes
 * {@code scope.exchangeId} to {@code acquireEndpoint}, which passes it to the manager's {@code lease}), also for
 * its retries and redirects. A request is registered by the agent's outermost exec-chain element and removed
 * when it completes or fails; a request that never does (cancelled before its callback runs) stays until the
 * registry is full, after which new requests are simply not tied to their leases.
 */
final class AsyncExchanges {
  /** A request in flight, told of each lease made for it. */
  interface Exchange {
    /** A lease for this request handed out a connection: reused, after being idle this long, or a new one. */
    void leased(boolean reused, long idleNanos);

    RequestTrace trace();

    /** The agent retries the request: its next lease takes no idle connection. */
    void retryStarting();

    /** Whether this lease is the one of the agent's retry; true once per retry, so later hops reuse again. */
    boolean takeRetryLease();
  }

  static final int MAX_TRACKED = 10_000;

  private final ConcurrentHashMap<String, Exchange> running = new ConcurrentHashMap<>();

  void started(String id, Exchange exchange) {
    if (id != null && running.size() < MAX_TRACKED) {
      running.put(id, exchange);
    }
  }

  void finished(String id, Exchange exchange) {
    if (id != null) {
      running.remove(id, exchange);
    }
  }

  /** The request a lease was made for (the lease's id), or null when it is not tracked. */
  Exchange get(Object id) {
    return id instanceof String ? running.get(id) : null;
  }
}
