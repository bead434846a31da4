package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.instrumentation.apache.LibraryTlsFactories;
import io.httppool.agent.instrumentation.apache.SharedPools;
import io.httppool.bootstrap.AgentStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.HttpConnectionFactory;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.pool.PoolStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code PoolingHttpClientConnectionManager}s that applications and libraries make and hand to their clients:
 * at its first lease each one whose connections are {@link Interchangeable} becomes a {@link ManagerHandle} onto
 * the shared pool for its settings; the others stay as they are (observed), and the report says why, once per
 * manager. Managers that {@code HttpClientBuilder.build()} makes for its client are left to the builder's rules.
 */
final class AppManagers {
  private static final Logger log = LoggerFactory.getLogger(AppManagers.class);
  private static final String WHAT = "connection manager";

  private final AgentConfig config;
  private final PoolRecorder recorder;
  private final PoolState poolState;
  private final ClientDestinations destinations;
  private final ManagerRegistry managers;
  private final LibraryTlsFactories tlsFactories = new LibraryTlsFactories();
  private final Interchangeable interchangeable;
  private final SharedPools<List<Object>, SharedPool> pools;

  AppManagers(AgentContext context, ClientDestinations destinations, ManagerRegistry managers) {
    this.config = context.config();
    this.recorder = context.recorder();
    this.poolState = context.poolState();
    this.destinations = destinations;
    this.managers = managers;
    this.interchangeable = config.apache4ShareAppPools() ? interchangeable(tlsFactories) : null;
    this.pools = interchangeable == null ? null : new SharedPools<>("HttpClient 4.x application",
        "apache4 application managers", LinkedApache4Support.MAX_SHARED_POOLS, context.maintenance());
  }

  private static Interchangeable interchangeable(LibraryTlsFactories tlsFactories) {
    try {
      return new Interchangeable(tlsFactories);
    } catch (NoSuchFieldException | RuntimeException e) {
      log.debug("application connection managers are not shared: {}", e.toString());
      return null;
    }
  }

  void tlsFactoryMade(Object factory, Object method) {
    tlsFactories.made(factory, method);
  }

  /** The shared pool's lease when the manager is a handle serving the route; null leaves it to the manager. */
  ConnectionRequest lease(PoolingHttpClientConnectionManager manager, HttpRoute route, Object state) {
    ManagerHandle handle = handleOf(managers.observe(manager), manager);
    return handle == null ? null
        : handle.request(manager, route, state, LinkedApache4Support.destination(destinations, route.getTargetHost()));
  }

  /** True when the connection went back to the handle's shared pool. */
  boolean released(ObservedManager observed, Object connection, Object state, long keepAlive, Object timeUnit) {
    ManagerHandle handle = observed.handle;
    return handle != null && connection instanceof HttpClientConnection
        && handle.release((HttpClientConnection) connection, state, keepAlive,
            timeUnit instanceof TimeUnit ? (TimeUnit) timeUnit : TimeUnit.MILLISECONDS);
  }

  void shutDown(PoolingHttpClientConnectionManager manager) {
    ManagerHandle handle = existingHandle(manager);
    if (handle != null) {
      handle.end();
    }
  }

  /** The application asked its manager to close idle connections: the shared pool's, idle that long, close. */
  void closeIdle(PoolingHttpClientConnectionManager manager, long idle, Object timeUnit) {
    ManagerHandle handle = existingHandle(manager);
    if (handle != null && timeUnit instanceof TimeUnit) {
      handle.shared.manager.closeIdleConnections(idle, (TimeUnit) timeUnit);
    }
  }

  void closeExpired(PoolingHttpClientConnectionManager manager) {
    ManagerHandle handle = existingHandle(manager);
    if (handle != null) {
      handle.shared.manager.closeExpiredConnections();
    }
  }

  Object stats(PoolingHttpClientConnectionManager manager, Object route, Object stats) {
    ManagerHandle handle = existingHandle(manager);
    if (handle == null || !(stats instanceof PoolStats) || (route != null && !(route instanceof HttpRoute))) {
      return stats;
    }
    return handle.stats((HttpRoute) route, (PoolStats) stats);
  }

  private ManagerHandle existingHandle(PoolingHttpClientConnectionManager manager) {
    ObservedManager observed = managers.find(manager);
    return observed == null ? null : observed.handle;
  }

  private ManagerHandle handleOf(ObservedManager observed, PoolingHttpClientConnectionManager manager) {
    if (observed.handleDecided) {
      return observed.handle;
    }
    if (interchangeable == null || observed.shared != null || observed.madeByBuilder) {
      return null;
    }
    synchronized (observed) {
      if (!observed.handleDecided) {
        observed.handle = decide(manager);
        observed.handleDecided = true;
      }
    }
    return observed.handle;
  }

  /** Fail-open: a manager the agent cannot read stays as it is (counted once as an internal error). */
  private ManagerHandle decide(PoolingHttpClientConnectionManager manager) {
    try {
      Interchangeable.Verdict verdict = interchangeable.of(manager);
      if (verdict.key == null) {
        poolState.notShared(Client.APACHE4, WHAT, verdict.reason);
        return null;
      }
      SharedPool pool = pools.get(verdict.key, key -> createPool(verdict, manager));
      if (pool == null) {
        poolState.notShared(Client.APACHE4, WHAT,
            "more than " + LinkedApache4Support.MAX_SHARED_POOLS + " distinct connection settings");
        return null;
      }
      if (verdict.reason != null) {
        poolState.notShared(Client.APACHE4, WHAT, verdict.unsharedScheme + " routes on its own pool: "
            + verdict.reason);
      }
      return new ManagerHandle(pool, verdict.sharedSchemes, recorder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentStatus.adviceFailed("apache4 application connection manager", e);
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private SharedPool createPool(Interchangeable.Verdict verdict, PoolingHttpClientConnectionManager model) {
    long ttl = verdict.timeToLive;
    TimeUnit ttlUnit = verdict.timeToLiveUnit == null ? TimeUnit.MILLISECONDS : verdict.timeToLiveUnit;
    long agentTtl = config.defaultPoolSettings().connectionTtlMillis();
    if (ttl <= 0 && agentTtl > 0) {
      ttl = agentTtl;
      ttlUnit = TimeUnit.MILLISECONDS;
    }
    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager(verdict.sharedSchemes,
        (HttpConnectionFactory<HttpRoute, ManagedHttpClientConnection>) verdict.connectionFactory,
        verdict.schemePortResolver, verdict.dnsResolver, ttl, ttlUnit);
    manager.setDefaultSocketConfig(model.getDefaultSocketConfig());
    manager.setDefaultConnectionConfig(model.getDefaultConnectionConfig());
    SharedPool pool = new SharedPool(manager, managers.observe(manager), config, recorder);
    managers.share(manager, pool);
    log.debug("shared HttpClient 4.x pool #{} for application managers with {}", pools.size() + 1, verdict.key);
    return pool;
  }
}
