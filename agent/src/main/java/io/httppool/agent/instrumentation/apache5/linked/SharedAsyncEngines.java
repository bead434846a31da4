package io.httppool.agent.instrumentation.apache5.linked;

import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.nio.AsyncClientConnectionManager;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ConnectionInitiator;
import org.apache.hc.core5.reactor.IOReactor;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines (I/O reactor and connection pool) the agent runs for HttpClient 5.x async clients built without a
 * connection manager of their own, one per value of the only builder setting that shapes both (system
 * properties), so at most two per HttpClient copy, each with the library's default I/O thread count.
 *
 * <p>Why the engine and not the client is shared: an async connection lives on the I/O reactor that opened it,
 * and the client's lifecycle ({@code start}, {@code getStatus}, {@code initiateShutdown}, {@code awaitShutdown},
 * {@code close}) is that of its own reactor, while everything else a client is built with (request config,
 * interceptors, exec chain, retry and redirect strategies, cookie store, credentials, user agent, default headers,
 * decompression, auth schemes) lives in its exec chain and context, outside the reactor and the pool. So the
 * builder builds its client as the library does, exec chain and all, with two things swapped for the one build:
 * <ul>
 *   <li>its reactor is made with no I/O threads: it starts, reports its status and shuts down exactly as a
 *   reactor does, but never runs a thread or opens a selector, and is never asked to connect while active;</li>
 *   <li>its connection manager is a {@link EngineClientManager}, the client's own view of the engine's pool: it
 *   leases from the shared pool and opens connections on the engine's reactor, and its {@code close} (the
 *   client's) ends only that client's use: its leases, its connections in flight for {@code IMMEDIATE}.</li>
 * </ul>
 * Sharing the client object instead (as for {@code java.net.http}) would have to rebuild every per-client setting
 * around it; swapping the reactor's connection initiator inside the client would need advice on a package-private
 * method and a look-up per request. The engine itself is a client the library builds with default settings
 * (its reactor's protocol handlers are then the library's own for that version), started once and held by the
 * agent; its reactor is read from the client's private {@code ioReactor} field. Threads: per engine one I/O thread
 * per CPU and one more, whatever the number of clients; a client on an engine runs none: it is started on the
 * calling thread ({@link AsyncClientBase}). Engines are not retired (at most two); their pools' idle connections
 * are evicted as any agent pool's.
 */
final class SharedAsyncEngines {
  private static final Logger log = LoggerFactory.getLogger(SharedAsyncEngines.class);
  /** What a client on an engine runs instead of its own reactor's threads. */
  static final IOReactorConfig NO_IO_THREADS = IOReactorConfig.custom().setIoThreadCount(0).build();

  /** One engine: the client that owns its reactor, the reactor, and the pool its clients lease from. */
  static final class Engine {
    private final CloseableHttpAsyncClient owner;
    final ConnectionInitiator reactor;
    final PoolingAsyncClientConnectionManager manager;
    private final boolean systemProperties;
    private volatile AsyncClientConnectionManager closedManager;
    private final ConcurrentHashMap<HttpRoute, X500Principal> clientCertificates = new ConcurrentHashMap<>();

    Engine(CloseableHttpAsyncClient owner, ConnectionInitiator reactor, PoolingAsyncClientConnectionManager manager,
        boolean systemProperties) {
      this.owner = owner;
      this.reactor = reactor;
      this.manager = manager;
      this.systemProperties = systemProperties;
    }

    /** The client certificate the engine's TLS connections to this route carry, once one was seen; else null. */
    Object clientCertificate(HttpRoute route) {
      return clientCertificates.isEmpty() ? null : clientCertificates.get(route);
    }

    void learnClientCertificate(HttpRoute route, X500Principal principal) {
      if (!principal.equals(clientCertificates.get(route))) {
        clientCertificates.put(route, principal);
      }
    }

    /**
     * A closed manager of the library's own, made on first need: what a closed client's leases are refused by,
     * so that they fail exactly as they do on the library's default manager after the client closed it.
     */
    AsyncClientConnectionManager closedManager() {
      AsyncClientConnectionManager closed = closedManager;
      if (closed == null) {
        PoolingAsyncClientConnectionManagerBuilder builder = PoolingAsyncClientConnectionManagerBuilder.create();
        if (systemProperties) {
          builder.useSystemProperties();
        }
        closed = builder.build();
        closed.close(CloseMode.GRACEFUL);
        closedManager = closed;
      }
      return closed;
    }

    @Override
    public String toString() {
      return "engine of " + owner;
    }
  }

  private final AsyncClientPools pools;
  /** Null when this version's client base is not what the engines expect: no engine then. */
  private final AsyncClientBase clientBase;
  private final ConcurrentHashMap<Boolean, Engine> engines = new ConcurrentHashMap<>();
  private boolean unavailable;

  SharedAsyncEngines(AsyncClientPools pools, AsyncClientBase clientBase) {
    this.pools = pools;
    this.clientBase = clientBase;
  }

  /**
   * The engine for clients built with or without system properties, started on first use and again if its reactor
   * ended; null if none can be started (its clients then keep a manager of their own).
   */
  Engine get(boolean systemProperties) {
    Engine engine = engines.get(systemProperties);
    return engine != null && running(engine) ? engine : create(systemProperties);
  }

  /** Starting or started: {@code start()} hands the reactor's start to another thread, so it is INACTIVE a moment. */
  private static boolean running(Engine engine) {
    return ((IOReactor) engine.reactor).getStatus().compareTo(IOReactorStatus.ACTIVE) <= 0;
  }

  private synchronized Engine create(boolean systemProperties) {
    Engine existing = engines.get(systemProperties);
    if (existing != null && running(existing)) {
      return existing;
    }
    if (unavailable || clientBase == null) {
      return null;
    }
    try {
      PoolingAsyncClientConnectionManager manager = pools.create(systemProperties);
      HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create().setConnectionManager(manager);
      if (systemProperties) {
        builder.useSystemProperties();
      }
      CloseableHttpAsyncClient owner = builder.build();
      ConnectionInitiator reactor = clientBase.reactor(owner);
      owner.start();
      Engine engine = new Engine(owner, reactor, manager, systemProperties);
      engines.put(systemProperties, engine);
      log.debug("HttpClient 5.x async engine started (system properties: {})", systemProperties);
      return engine;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      unavailable = true;
      log.info("HttpClient 5.x async: no shared engine ({}); async clients keep a connection manager and I/O "
          + "reactor of their own", e.toString());
      return null;
    }
  }
}
