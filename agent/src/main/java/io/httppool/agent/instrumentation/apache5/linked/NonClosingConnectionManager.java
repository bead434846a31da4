package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.instrumentation.apache.RaisedLimits;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
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
  private final Routes routes;
  private final LeakDetector leaks;
  private final boolean learnClientCertificates;
  private final RaisedLimits<HttpRoute> limits;
  private final ConcurrentHashMap<HttpRoute, Boolean> limitedRoutes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ConnectionEndpoint, LeakDetector.Lease> leases = new ConcurrentHashMap<>();
  /** The lease taken last on each thread, until released: what {@code close(IMMEDIATE)} frees after an Error. */
  private final ThreadLocal<SharedLeaseRequest> leasedHere = new ThreadLocal<>();
  private final ConcurrentHashMap<HttpRoute, X500Principal> clientCertificates = new ConcurrentHashMap<>();

  NonClosingConnectionManager(PoolingHttpClientConnectionManager delegate, AgentConfig config,
      Routes routes, LeakDetector leaks, boolean learnClientCertificates, RaisedLimits<HttpRoute> limits) {
    this.delegate = delegate;
    this.limits = limits;
    this.learnClientCertificates = learnClientCertificates;
    this.config = config;
    this.routes = routes;
    this.leaks = leaks;
  }

  PoolingHttpClientConnectionManager delegate() {
    return delegate;
  }

  @Override
  public LeaseRequest lease(String id, final HttpRoute route, Timeout requestTimeout, Object state) {
    final PoolSettings settings = settings(route);
    LeaseRequest leaseRequest = delegate.lease(id, route, acquireTimeout(requestTimeout, settings),
        state == null ? clientCertificates.get(route) : state);
    return new SharedLeaseRequest(leaseRequest, route, settings);
  }

  private PoolSettings settings(HttpRoute route) {
    PoolSettings global = config.defaultPoolSettings();
    PoolSettings settings = config.poolSettings(route.getTargetHost().getHostName(),
        Routes.port(route.getTargetHost()));
    if (settings != global && settings.maxConnectionsPerHost() != global.maxConnectionsPerHost()
        && limitedRoutes.putIfAbsent(route, Boolean.TRUE) == null) {
      limits.configure(route, settings.maxConnectionsPerHost());
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
    SharedLeaseRequest lastLease = leasedHere.get();
    if (lastLease != null && lastLease.endpoint == endpoint) {
      leasedHere.set(null);
      if (learnClientCertificates && newState instanceof X500Principal) {
        learnClientCertificate(lastLease.route, (X500Principal) newState);
      }
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

  /**
   * A connection of this manager came back marked with the client certificate its TLS handshake presented
   * ({@code DefaultUserTokenHandler} stores {@code SSLSession.getLocalPrincipal()} as its state). Every connection
   * this manager opens to the route presents that same certificate, because TLS setup belongs to the manager, so a
   * request without a user token (a fresh context) may lease with it: it would present it on a new connection
   * anyway. Without this, such a request never reuses a connection to a server that asks for client certificates.
   * Only TLS principals are learned, never connection-based auth (NTLM, SPNEGO) principals; and only on 5.4+,
   * where a request can no longer bring its own socket factories (the {@code http.socket-factory-registry}
   * context attribute of 5.0–5.3), so that every connection of the manager really has the same TLS setup.
   */
  private void learnClientCertificate(HttpRoute route, X500Principal principal) {
    try {
      if (!principal.equals(clientCertificates.get(route))) {
        clientCertificates.put(route, principal);
      }
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 connection state", t);
    }
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
    SharedLeaseRequest lastLease = leasedHere.get();
    if (closeMode == CloseMode.IMMEDIATE && lastLease != null) {
      ConnectionEndpoint endpoint = lastLease.endpoint;
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
    private volatile ConnectionEndpoint endpoint;

    SharedLeaseRequest(LeaseRequest leaseRequest, HttpRoute route, PoolSettings settings) {
      this.leaseRequest = leaseRequest;
      this.route = route;
      this.settings = settings;
    }

    @Override
    public ConnectionEndpoint get(Timeout timeout)
        throws InterruptedException, ExecutionException, TimeoutException {
      ConnectionEndpoint endpoint = leaseRequest.get(acquireTimeout(timeout, settings));
      this.endpoint = endpoint;
      leasedHere.set(this);
      if (leaks.enabled()) {
        try {
          LeakDetector.Lease lease = leaks.leased(routes.destination(route));
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
