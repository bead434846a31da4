package io.httppool.agent.instrumentation.apache5.linked;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.nio.AsyncClientConnectionManager;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.reactor.IOReactor;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One async client's connection manager on a shared engine ({@link SharedAsyncEngines}): leases from the engine's
 * pool and connects on the engine's reactor. The client closes it as it would its default manager, and that ends
 * only this client's use: {@code GRACEFUL} lets its requests in flight finish; {@code IMMEDIATE} also cancels its
 * waiting leases and closes the connections it holds, failing its own requests in flight with the library's
 * {@code ConnectionClosedException}; the other clients' requests never notice. Leases after close are refused by a closed
 * manager of the library's own, so they fail as without the agent. Once the client's own reactor is shut down
 * ({@code initiateShutdown}), its connections would be closing: a connection it leases then is closed first, and a
 * connection it asks for is asked of its own reactor, which refuses it as the library's would. A lease without
 * connection state gets the client certificate the engine's connections to that route were made with: every
 * client on an engine has the engine's TLS identity, and a fresh client's context has no user token yet, so the
 * library's rule (no stateful connection for a request without state) would give each such client a connection
 * of its own (the shared classic pool learns them the same way). The client holds {@link EngineEndpoint}s, and the
 * engine's answers to its leases, connects and upgrades reach it through {@link ClientCallbacks}: what its code
 * throws on the engine's threads must not end them.
 */
final class EngineClientManager implements AsyncClientConnectionManager {
  private final SharedAsyncEngines.Engine engine;
  private final Set<TrackedLease> waiting = ConcurrentHashMap.newKeySet();
  /** The endpoints this client holds, with the route each was leased for. */
  private final ConcurrentHashMap<AsyncConnectionEndpoint, HttpRoute> leased = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /** The client this manager was built into; null until its build returned. */
  private volatile CloseableHttpAsyncClient client;

  EngineClientManager(SharedAsyncEngines.Engine engine) {
    this.engine = engine;
  }

  void ownedBy(CloseableHttpAsyncClient client) {
    this.client = client;
  }

  @Override
  public Future<AsyncConnectionEndpoint> lease(String id, HttpRoute route, Object state, Timeout requestTimeout,
      FutureCallback<AsyncConnectionEndpoint> callback) {
    if (closed) {
      return engine.closedManager().lease(id, route, state, requestTimeout, callback);
    }
    CloseableHttpAsyncClient owner = client;
    boolean shutDown = owner != null && owner.getStatus().compareTo(IOReactorStatus.ACTIVE) > 0;
    TrackedLease lease = new TrackedLease(callback, route, shutDown);
    waiting.add(lease);
    lease.asking();
    try {
      lease.future = engine.manager.lease(id, route, state == null ? engine.clientCertificate(route) : state,
          requestTimeout, lease);
    } finally {
      lease.answered();
    }
    if (lease.finished) {
      waiting.remove(lease);
    }
    return lease.future;
  }

  @Override
  public void release(AsyncConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
    HttpRoute route = leased.remove(endpoint);
    if (route != null && newState instanceof X500Principal) {
      engine.learnClientCertificate(route, (X500Principal) newState);
    }
    engine.manager.release(EngineEndpoint.pooled(endpoint), newState, validDuration);
  }

  @Override
  public Future<AsyncConnectionEndpoint> connect(AsyncConnectionEndpoint endpoint,
      ConnectionInitiator connectionInitiator, Timeout connectTimeout, Object attachment, HttpContext context,
      FutureCallback<AsyncConnectionEndpoint> callback) {
    ConnectionInitiator initiator = shutDown(connectionInitiator) ? connectionInitiator : engine.reactor;
    Answer answer = new Answer(endpoint, callback, "the connect callback");
    answer.asking();
    try {
      return engine.manager.connect(EngineEndpoint.pooled(endpoint), initiator, connectTimeout, attachment, context,
          answer);
    } finally {
      answer.answered();
    }
  }

  private static boolean shutDown(ConnectionInitiator clientsOwn) {
    return clientsOwn instanceof IOReactor
        && ((IOReactor) clientsOwn).getStatus().compareTo(IOReactorStatus.ACTIVE) > 0;
  }

  @Override
  public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context) {
    engine.manager.upgrade(EngineEndpoint.pooled(endpoint), attachment, context);
  }

  /** 5.2+; on 5.0 and 5.1 nothing calls it. */
  @Override
  public void upgrade(AsyncConnectionEndpoint endpoint, Object attachment, HttpContext context,
      FutureCallback<AsyncConnectionEndpoint> callback) {
    Answer answer = new Answer(endpoint, callback, "the TLS upgrade callback");
    answer.asking();
    try {
      engine.manager.upgrade(EngineEndpoint.pooled(endpoint), attachment, context, answer);
    } finally {
      answer.answered();
    }
  }

  @Override
  public void close(CloseMode closeMode) {
    closed = true;
    if (closeMode != CloseMode.IMMEDIATE) {
      return;
    }
    for (TrackedLease lease : waiting) {
      Future<?> future = lease.future;
      if (future != null) {
        future.cancel(true);
      }
    }
    for (AsyncConnectionEndpoint endpoint : leased.keySet()) {
      // a session closed IMMEDIATE never tells its handler, whose exchange would then wait for ever (the 5.6
      // library's own immediate close does that); GRACEFUL closes the socket at once too, and fails the exchange
      // with the ConnectionClosedException the library's immediate close gives up to 5.5
      endpoint.close(CloseMode.GRACEFUL);
    }
  }

  @Override
  public void close() {
    close(CloseMode.GRACEFUL);
  }

  /** A lease of this client's, until the pool answers it; the endpoint is then this client's until released. */
  private final class TrackedLease extends ClientCallbacks implements FutureCallback<AsyncConnectionEndpoint> {
    private static final String LEASE = "the lease callback";
    private final FutureCallback<AsyncConnectionEndpoint> callback;
    private final HttpRoute route;
    private final boolean clientShutDown;
    volatile Future<AsyncConnectionEndpoint> future;
    volatile boolean finished;

    TrackedLease(FutureCallback<AsyncConnectionEndpoint> callback, HttpRoute route, boolean clientShutDown) {
      this.callback = callback;
      this.route = route;
      this.clientShutDown = clientShutDown;
    }

    private void finish() {
      finished = true;
      waiting.remove(this);
    }

    @Override
    public void completed(AsyncConnectionEndpoint endpoint) {
      finish();
      if (clientShutDown && endpoint.isConnected()) {
        endpoint.close(CloseMode.GRACEFUL);
      }
      EngineEndpoint clients = EngineEndpoint.of(endpoint);
      leased.put(clients, route);
      completed(callback, clients, LEASE);
    }

    @Override
    public void failed(Exception ex) {
      finish();
      failed(callback, ex, LEASE);
    }

    @Override
    public void cancelled() {
      finish();
      cancelled(callback, LEASE);
    }
  }

  /**
   * The engine's answer to a connect or TLS upgrade of a client's endpoint, passed on with the endpoint the client
   * holds.
   */
  private static final class Answer extends ClientCallbacks implements FutureCallback<AsyncConnectionEndpoint> {
    private final AsyncConnectionEndpoint clients;
    private final FutureCallback<AsyncConnectionEndpoint> callback;
    private final String name;

    Answer(AsyncConnectionEndpoint clients, FutureCallback<AsyncConnectionEndpoint> callback, String name) {
      this.clients = clients;
      this.callback = callback;
      this.name = name;
    }

    @Override
    public void completed(AsyncConnectionEndpoint pooled) {
      completed(callback, clients, name);
    }

    @Override
    public void failed(Exception ex) {
      failed(callback, ex, name);
    }

    @Override
    public void cancelled() {
      cancelled(callback, name);
    }
  }
}
