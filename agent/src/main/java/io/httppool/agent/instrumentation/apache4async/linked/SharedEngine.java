package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.instrumentation.apache.CountedEviction;
import io.httppool.agent.instrumentation.apache.SharedPools;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;
import org.apache.http.nio.NHttpClientEventHandler;
import org.apache.http.nio.protocol.HttpAsyncRequestExecutor;
import org.apache.http.nio.reactor.IOEventDispatch;
import org.apache.http.pool.PoolStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pooling manager and its I/O reactor, which the agent runs, shared by every async client built with the same
 * connection settings. The clients use the library's shared-manager mode: they start no reactor thread of their
 * own, and their {@code close()} leaves the manager alone. The reactor runs as the library's own client runs it
 * (its {@code InternalIODispatch} over an {@code HttpAsyncRequestExecutor}, which finds each exchange in its
 * connection's context, so one reactor serves the requests of every client), on one daemon thread plus the I/O
 * dispatch threads of the configuration ({@code IOReactorConfig.ioThreadCount}, the number of cores by default).
 * Its limits come from the agent's configuration; the agent closes its expired and idle connections once a second,
 * fails leases waiting past their timeout, and its stale-connection guard checks the idle connections of a route before each lease ({@link LeaseGuard}).
 */
final class SharedEngine implements SharedPools.Pool {
  private static final Logger log = LoggerFactory.getLogger(SharedEngine.class);
  private static final String DISPATCH = "org.apache.http.impl.nio.client.InternalIODispatch";
  private static final AtomicInteger ENGINES = new AtomicInteger();

  final PoolingNHttpClientConnectionManager manager;
  /** The manager's pool, which the stale-connection guard walks before each lease; null where unreadable. */
  final Object pool;
  final ObservedAsyncManager observed;
  final long acquireTimeoutMillis;
  private final AgentConfig config;
  private final PoolRecorder recorder;
  private final PoolSettings defaults;
  private volatile boolean running = true;
  private volatile boolean leaseTimeoutsChecked = true;

  SharedEngine(PoolingNHttpClientConnectionManager manager, ObservedAsyncManager observed, AgentConfig config,
      PoolRecorder recorder) {
    this.manager = manager;
    this.pool = AsyncManagers.poolOf(manager);
    this.observed = observed;
    this.config = config;
    this.recorder = recorder;
    this.defaults = config.defaultPoolSettings();
    this.acquireTimeoutMillis = defaults.acquireTimeoutMillis();
    manager.setMaxTotal(config.maxConnections());
    manager.setDefaultMaxPerRoute(Math.min(defaults.maxConnectionsPerHost(), config.maxConnections()));
  }

  /** Daemon threads: the application's {@code close()} no longer ends them, so they must not keep the JVM up. */
  static ThreadFactory ioThreads(final int engine) {
    final AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "httppool-apache4-async-" + engine + "-io-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  static int nextNumber() {
    return ENGINES.incrementAndGet();
  }

  /** Starts the reactor as the library's client would; fails (and nothing is shared) if the dispatch is missing. */
  void start(int engine) throws ReflectiveOperationException {
    Constructor<?> constructor = Class.forName(DISPATCH, false, PoolingNHttpClientConnectionManager.class
        .getClassLoader()).getDeclaredConstructor(NHttpClientEventHandler.class);
    constructor.setAccessible(true);
    final IOEventDispatch dispatch = (IOEventDispatch) constructor.newInstance(new HttpAsyncRequestExecutor());
    Thread reactor = new Thread(() -> {
      try {
        manager.execute(dispatch);
      } catch (Exception | Error e) {
        log.warn("the shared HttpAsyncClient 4.x I/O reactor ended: {}; clients built from now on get their own",
            e.toString());
      } finally {
        running = false;
      }
    }, "httppool-apache4-async-" + engine + "-reactor");
    reactor.setDaemon(true);
    reactor.start();
  }

  boolean isRunning() {
    return running;
  }

  /** A route seen for the first time: a per-host override of the connection limit applies from now on. */
  void routeAdded(HttpRoute route, String host, int port) {
    PoolSettings settings = config.poolSettings(host, port);
    if (settings.maxConnectionsPerHost() != defaults.maxConnectionsPerHost()) {
      manager.setMaxPerRoute(route, Math.min(settings.maxConnectionsPerHost(), config.maxConnections()));
    }
  }

  /** Runs on the maintenance thread: lease timeouts, then expired and idle connections, each eviction counted. */
  @Override
  public void evict() {
    failLeasesPastTheirTimeout();
    CountedEviction.run(new ArrayList<>(observed.routes.values()), route -> open(route.route),
        route -> route.destination, manager::closeExpiredConnections,
        () -> manager.closeIdleConnections(defaults.idleTimeoutMillis(), TimeUnit.MILLISECONDS), recorder);
  }

  /**
   * The pool fails a waiting lease past its timeout only when it next serves or takes back a connection; nothing in
   * the client asks it otherwise. 4.1.1 on; 4.1 has no such call, and its waiting leases time out as the library's.
   */
  private void failLeasesPastTheirTimeout() {
    if (leaseTimeoutsChecked) {
      try {
        manager.validatePendingRequests();
      } catch (NoSuchMethodError httpAsyncClient41) {
        leaseTimeoutsChecked = false;
      }
    }
  }

  private int open(HttpRoute route) {
    PoolStats stats = manager.getStats(route);
    return stats.getLeased() + stats.getAvailable();
  }
}
