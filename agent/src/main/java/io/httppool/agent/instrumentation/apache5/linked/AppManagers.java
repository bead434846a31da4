package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.instrumentation.apache.LibraryTlsFactories;
import io.httppool.bootstrap.AgentStatus;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic {@code PoolingHttpClientConnectionManager}s that applications and libraries make and hand to their
 * clients: at its first lease each one whose connections are {@link Interchangeable} becomes a
 * {@link ManagerHandle} onto the agent's shared pool; the others stay as they are (observed), and the report says
 * why, once per manager. The agent's own managers are never handles.
 */
final class AppManagers {
  private static final Logger log = LoggerFactory.getLogger(AppManagers.class);
  private static final String WHAT = "connection manager";
  /** Decided, and not a handle. */
  private static final Object KEPT = new Object();

  private final PoolState poolState;
  private final PoolRecorder recorder;
  private final Routes routes;
  private final LibraryTlsFactories tlsFactories = new LibraryTlsFactories();
  private final boolean share;
  /** Made at the first decision: it makes a manager of its own to compare with. */
  private Interchangeable interchangeable;
  private boolean unreadable;
  /** The shared pool for a manager's own socket and connection configuration (null: the library's defaults). */
  private final Function<Interchangeable.Configs, ClassicSharedPool> sharedPool;
  /** The decision per manager: its handle, or {@link #KEPT}. */
  private final Map<Object, Object> decided = Collections.synchronizedMap(new WeakHashMap<Object, Object>());
  /**
   * The last decision looked up, read without the map's lock: an application with one manager and many threads
   * looks it up at every lease and release, and they queued on that lock behind a preempted holder.
   */
  private volatile Decision last;
  /**
   * The agent's own managers (kept for ever anyway), known without a lock: a handle's release passes through the
   * shared pool's manager too, so the last decision alone would alternate between two managers.
   */
  private final Map<Object, Boolean> agentsManagers = new ConcurrentHashMap<>();

  AppManagers(boolean share, PoolState poolState, PoolRecorder recorder, Routes routes,
      Function<Interchangeable.Configs, ClassicSharedPool> sharedPool) {
    this.poolState = poolState;
    this.recorder = recorder;
    this.routes = routes;
    this.sharedPool = sharedPool;
    this.share = share;
  }

  /** Called under this object's lock. */
  private Interchangeable interchangeable() {
    if (interchangeable == null && !unreadable) {
      try {
        interchangeable = new Interchangeable(tlsFactories);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        unreadable = true;
        log.debug("application connection managers are not shared: {}", e.toString());
      }
    }
    return interchangeable;
  }

  void tlsFactoryMade(Object factory, Object method) {
    tlsFactories.made(factory, method);
  }

  /** The agent's own managers, which stay as they are. */
  void agents(Object manager) {
    agentsManagers.put(manager, Boolean.TRUE);
  }

  /** The shared pool's lease when the manager is a handle serving the route; null leaves it to the manager. */
  Object lease(PoolingHttpClientConnectionManager manager, HttpRoute route, Object timeout, Object state) {
    if (!share) {
      return null;
    }
    ManagerHandle handle = handleOf(manager, route);
    return handle == null ? null
        : handle.request(manager, route, timeout instanceof Timeout ? (Timeout) timeout : null, state);
  }

  /** True when the endpoint went back to the handle's shared pool. */
  boolean released(Object manager, Object endpoint, Object state, Object keepAlive) {
    ManagerHandle handle = existingHandle(manager);
    return handle != null && endpoint instanceof ConnectionEndpoint && handle.release((ConnectionEndpoint) endpoint,
        state, keepAlive instanceof TimeValue ? (TimeValue) keepAlive : null);
  }

  void closed(Object manager, Object closeMode) {
    ManagerHandle handle = existingHandle(manager);
    if (handle != null) {
      handle.end(closeMode instanceof CloseMode ? (CloseMode) closeMode : CloseMode.GRACEFUL);
    }
  }

  /** The application asked its manager to close idle connections: the shared pool's, idle that long, close. */
  void closeIdle(Object manager, Object idleTime) {
    ManagerHandle handle = existingHandle(manager);
    if (handle != null && idleTime instanceof TimeValue) {
      handle.shared.manager().closeIdle((TimeValue) idleTime);
    }
  }

  void closeExpired(Object manager) {
    ManagerHandle handle = existingHandle(manager);
    if (handle != null) {
      handle.shared.manager().closeExpired();
    }
  }

  Object stats(Object manager, Object route, Object stats) {
    ManagerHandle handle = existingHandle(manager);
    if (handle == null || !(stats instanceof PoolStats) || (route != null && !(route instanceof HttpRoute))) {
      return stats;
    }
    return handle.stats((HttpRoute) route, (PoolStats) stats);
  }

  private ManagerHandle existingHandle(Object manager) {
    if (!share) {
      return null;
    }
    Object decision = decision(manager);
    return decision instanceof ManagerHandle ? (ManagerHandle) decision : null;
  }

  /** The decision made for the manager, or null. */
  private Object decision(Object manager) {
    if (agentsManagers.containsKey(manager)) {
      return KEPT;
    }
    Decision cached = last;
    if (cached != null && cached.manager.get() == manager) {
      return cached.decision;
    }
    Object decision = decided.get(manager);
    if (decision != null) {
      last = new Decision(manager, decision);
    }
    return decision;
  }

  /** A manager, held weakly, and what was decided for it (decided once, never changed). */
  private static final class Decision {
    final WeakReference<Object> manager;
    final Object decision;

    Decision(Object manager, Object decision) {
      this.manager = new WeakReference<>(manager);
      this.decision = decision;
    }
  }

  private ManagerHandle handleOf(PoolingHttpClientConnectionManager manager, HttpRoute route) {
    Object decision = decision(manager);
    if (decision == null) {
      synchronized (this) {
        decision = decided.get(manager);
        if (decision == null) {
          ManagerHandle handle = decide(manager, route);
          decision = handle == null ? KEPT : handle;
          decided.put(manager, decision);
        }
      }
    }
    return decision instanceof ManagerHandle ? (ManagerHandle) decision : null;
  }

  /** Fail-open: a manager the agent cannot read stays as it is (counted once as an internal error). */
  private ManagerHandle decide(PoolingHttpClientConnectionManager manager, HttpRoute route) {
    try {
      Interchangeable rules = interchangeable();
      if (rules == null) {
        return null;
      }
      Interchangeable.Verdict verdict = rules.of(manager, route);
      if (verdict.reason != null) {
        poolState.notShared(Client.APACHE5, WHAT, verdict.reason);
      }
      if (!verdict.sharesAny()) {
        return null;
      }
      ClassicSharedPool pool = sharedPool.apply(verdict.configs);
      return pool == null ? null : new ManagerHandle(pool, verdict.http, verdict.https, recorder, routes);
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentStatus.adviceFailed("apache5 application connection manager", e);
      return null;
    }
  }
}
