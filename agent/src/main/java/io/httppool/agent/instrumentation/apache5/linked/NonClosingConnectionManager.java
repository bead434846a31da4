package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.metrics.PoolMetrics;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * What each client on the shared classic manager holds. Closing it never closes the manager: {@code close()} of
 * the client, of a minimal client, and the {@code close(IMMEDIATE)} the exec chain does after an {@code Error}
 * would otherwise close the manager every other client uses. That last one is the library's only way to free
 * the endpoint the failed exchange held (it is never released), so {@code close(IMMEDIATE)} discards the
 * endpoint leased last on the calling thread, as the manager's own close would have. It also applies the agent's
 * acquire timeout where the application left the library's default, per-host connection limits, and leak
 * detection.
 */
final class NonClosingConnectionManager implements HttpClientConnectionManager {
  private final PoolingHttpClientConnectionManager delegate;
  private final AgentConfig config;
  private final PoolMetrics metrics;
  private final LeakDetector leaks;
  private final ConcurrentHashMap<HttpRoute, Boolean> limitedRoutes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ConnectionEndpoint, LeakDetector.Lease> leases = new ConcurrentHashMap<>();
  private final ThreadLocal<ConnectionEndpoint> leasedHere = new ThreadLocal<>();

  NonClosingConnectionManager(PoolingHttpClientConnectionManager delegate, AgentConfig config,
      PoolMetrics metrics, LeakDetector leaks) {
    this.delegate = delegate;
    this.config = config;
    this.metrics = metrics;
    this.leaks = leaks;
  }

  PoolingHttpClientConnectionManager delegate() {
    return delegate;
  }

  @Override
  public LeaseRequest lease(String id, final HttpRoute route, Timeout requestTimeout, Object state) {
    final PoolSettings settings = settings(route);
    LeaseRequest leaseRequest = delegate.lease(id, route, acquireTimeout(requestTimeout, settings), state);
    return new SharedLeaseRequest(leaseRequest, route, settings);
  }

  private PoolSettings settings(HttpRoute route) {
    PoolSettings global = config.defaultPoolSettings();
    PoolSettings settings = config.poolSettings(route.getTargetHost().getHostName(),
        Routes.port(route.getTargetHost()));
    if (settings != global && settings.maxConnectionsPerHost() != global.maxConnectionsPerHost()
        && limitedRoutes.putIfAbsent(route, Boolean.TRUE) == null) {
      delegate.setMaxPerRoute(route, settings.maxConnectionsPerHost());
    }
    return settings;
  }

  /** The agent's acquire timeout, unless the application set a connection request timeout of its own. */
  static Timeout acquireTimeout(Timeout requested, PoolSettings settings) {
    if (requested == null || requested == RequestConfig.DEFAULT.getConnectionRequestTimeout()) {
      return Timeout.ofMilliseconds(settings.acquireTimeoutMillis());
    }
    return requested;
  }

  @Override
  public void release(ConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
    if (leasedHere.get() == endpoint) {
      leasedHere.remove();
    }
    if (leaks.enabled()) {
      try {
        leaks.released(leases.remove(endpoint));
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 leak detection", t);
      }
    }
    delegate.release(endpoint, newState, validDuration);
  }

  @Override
  public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context)
      throws IOException {
    delegate.connect(endpoint, connectTimeout, context);
  }

  @Override
  public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
    delegate.upgrade(endpoint, context);
  }

  @Override
  public void close(CloseMode closeMode) {
    // shared: the agent owns the manager; only the exchange that failed with an Error gives up its endpoint
    if (closeMode == CloseMode.IMMEDIATE) {
      ConnectionEndpoint endpoint = leasedHere.get();
      if (endpoint != null) {
        // both are no-ops for an endpoint already released on another thread
        endpoint.close(CloseMode.IMMEDIATE);
        release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
      }
    }
  }

  @Override
  public void close() {
    // shared: the agent owns the manager
  }

  @Override
  public String toString() {
    return "httppool shared " + delegate;
  }

  private final class SharedLeaseRequest implements LeaseRequest {
    private final LeaseRequest leaseRequest;
    private final HttpRoute route;
    private final PoolSettings settings;

    SharedLeaseRequest(LeaseRequest leaseRequest, HttpRoute route, PoolSettings settings) {
      this.leaseRequest = leaseRequest;
      this.route = route;
      this.settings = settings;
    }

    @Override
    public ConnectionEndpoint get(Timeout timeout)
        throws InterruptedException, ExecutionException, TimeoutException {
      ConnectionEndpoint endpoint = leaseRequest.get(acquireTimeout(timeout, settings));
      leasedHere.set(endpoint);
      if (leaks.enabled()) {
        try {
          LeakDetector.Lease lease = leaks.leased(Routes.destination(metrics, route));
          if (lease != null) {
            leases.put(endpoint, lease);
          }
        } catch (Throwable t) {
          AgentStatus.adviceFailed("apache5 leak detection", t);
        }
      }
      return endpoint;
    }

    @Override
    public boolean cancel() {
      return leaseRequest.cancel();
    }
  }
}
