package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.instrumentation.apache.ClassicRequest;
import io.httppool.agent.instrumentation.apache.LibraryRetry;
import io.httppool.agent.instrumentation.apache.SharedPools;
import io.httppool.agent.instrumentation.apache4.Apache4Support;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.impl.execchain.ClientExecChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linked to one application's copy of HttpClient 4.3 to 4.5. Clients built without a connection manager get a
 * non-closing handle on the shared pooling manager for their connection settings; every pooling manager, shared
 * or the application's, reports leases, releases and its state; every request reports its duration and outcome.
 * The stale-connection guard checks the idle connections of shared managers before reuse, and learns from requests
 * that failed on a stale connection; clients from the builder get the agent's stale retry.
 */
public final class LinkedApache4Support implements Apache4Support {
  private static final Logger log = LoggerFactory.getLogger(LinkedApache4Support.class);
  /** Applications that build a new SSLContext per client would otherwise create a manager per client. */
  static final int MAX_SHARED_POOLS = 64;
  /**
   * Before its lease a request is not taken to be connecting: the leases of managers the agent does not observe
   * (a {@code BasicHttpClientConnectionManager}) go unseen, and a read timeout there is still one.
   */
  private static final RequestTrace.Errors ERRORS =
      (error, whileConnecting, onReusedConnection) -> ErrorType.classify(error, false, onReusedConnection);

  private final AgentConfig config;
  private final ClientDestinations destinations;
  private final PoolRecorder recorder;
  private final BuilderFields builderFields;
  private final ManagerRegistry managers;
  private final LeaseReporter reporter;
  private final RequestTracer requests;
  private final StaleConnectionGuard staleGuard;
  private final StaleRetry staleRetry;
  private final SharedPools<List<Object>, SharedPool> sharedPools;
  private final ThreadLocal<Boolean> buildingSharedManager = new ThreadLocal<>();
  /** Set while HttpClientBuilder.build() makes the client's own manager (no manager set, none shared). */
  private final ThreadLocal<Boolean> builderMakingManager = new ThreadLocal<>();
  private final AppManagers appManagers;
  private final LegacyClients legacy;
  private volatile SharedPool minimalPool;

  public LinkedApache4Support(AgentContext context) {
    config = context.config();
    destinations = context.destinations().of(Client.APACHE4);
    recorder = context.recorder();
    builderFields = builderFields();
    managers = new ManagerRegistry();
    ConnectionLifetimes lifetimes = new ConnectionLifetimes(recorder);
    LeakDetector leakDetector = new LeakDetector(recorder, config.leakDetectionThresholdMillis(),
        context.maintenance());
    staleGuard = context.staleGuard();
    staleRetry = context.staleRetry();
    requests = new RequestTracer(recorder, staleGuard, ERRORS);
    reporter = new LeaseReporter(recorder, leakDetector, lifetimes, staleGuard, requests);
    legacy = new LegacyClients(context);
    appManagers = new AppManagers(context, destinations, managers);
    context.poolState().register(managers);
    sharedPools = new SharedPools<>("HttpClient 4.x", "apache4", MAX_SHARED_POOLS, context.maintenance());
    context.maintenance().every("apache4 connection sweep", lifetimes::sweep);
    log.debug("HttpClient 4.x linked from {}; {}", HttpClientBuilder.class.getProtectionDomain().getCodeSource(),
        builderFields);
  }

  private static BuilderFields builderFields() {
    try {
      return new BuilderFields();
    } catch (NoSuchFieldException | RuntimeException e) {
      log.debug("HttpClientBuilder left untouched: {}", e.toString());
      return null;
    }
  }

  // ---- builders

  /** What buildFinished needs to put the builder back as the application left it. */
  private static final class Restore {
    /** The builder makes its own manager: nothing to put back. */
    static final Restore BUILDER_MAKES_MANAGER = new Restore(false);

    final boolean connManagerShared;
    final boolean cookieSpecsLent;

    Restore(boolean connManagerShared) {
      this(connManagerShared, false);
    }

    Restore(boolean connManagerShared, boolean cookieSpecsLent) {
      this.connManagerShared = connManagerShared;
      this.cookieSpecsLent = cookieSpecsLent;
    }
  }

  @Override
  public Object buildStarting(Object builderObject) {
    if (builderFields == null || buildingSharedManager.get() != null) {
      return null;
    }
    HttpClientBuilder builder = (HttpClientBuilder) builderObject;
    try {
      if (builderFields.connManager.get(builder) != null) {
        return null;
      }
      List<Object> key = builderFields.managerKey(builder);
      SharedPool pool = sharedPools.get(key, sharedKey -> createSharedPool(builder, sharedKey));
      if (pool == null) {
        builderMakingManager.set(Boolean.TRUE);
        return Restore.BUILDER_MAKES_MANAGER;
      }
      boolean wasShared = builderFields.connManagerShared != null
          && builderFields.connManagerShared.getBoolean(builder);
      DefaultCookieSpecs cookieSpecs = builderFields.defaultCookieSpecs;
      Restore restore = new Restore(wasShared, cookieSpecs != null && cookieSpecs.lend(builder));
      if (builderFields.connManagerShared != null) {
        builderFields.connManagerShared.setBoolean(builder, true);
      }
      builderFields.connManager.set(builder, pool.forClient());
      return restore;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void buildFinished(Object builderObject, Object restoreObject) {
    HttpClientBuilder builder = (HttpClientBuilder) builderObject;
    Restore restore = (Restore) restoreObject;
    if (restore == Restore.BUILDER_MAKES_MANAGER) {
      builderMakingManager.remove();
      return;
    }
    try {
      builderFields.connManager.set(builder, null);
      if (builderFields.connManagerShared != null) {
        builderFields.connManagerShared.setBoolean(builder, restore.connManagerShared);
      }
      if (restore.cookieSpecsLent) {
        builderFields.defaultCookieSpecs.takeBack(builder);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Lets the builder make its default manager once, exactly as it would without the agent (TLS, DNS, socket and
   * connection config, system properties), by building a throwaway client; that client is never used or closed.
   * Marked shared meanwhile so that 4.4+ starts no idle-connection evictor thread for it.
   */
  private SharedPool createSharedPool(HttpClientBuilder builder, List<Object> key) throws IllegalAccessException {
    Field shared = builderFields.connManagerShared;
    boolean wasShared = shared != null && shared.getBoolean(builder);
    long ttl = builderFields.connTimeToLive == null ? 0 : builderFields.connTimeToLive.getLong(builder);
    Object ttlUnit = builderFields.connTimeToLiveTimeUnit == null
        ? null : builderFields.connTimeToLiveTimeUnit.get(builder);
    long agentTtl = config.defaultPoolSettings().connectionTtlMillis();
    buildingSharedManager.set(Boolean.TRUE);
    try {
      if (shared != null) {
        shared.setBoolean(builder, true);
      }
      if (ttl <= 0 && agentTtl > 0 && builderFields.connTimeToLiveTimeUnit != null) {
        builderFields.connTimeToLive.setLong(builder, agentTtl);
        builderFields.connTimeToLiveTimeUnit.set(builder, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      Object throwaway = builder.build();
      Object manager = ManagerRegistry.managerOf(throwaway);
      if (!(manager instanceof PoolingHttpClientConnectionManager)) {
        log.debug("HttpClientBuilder made a {}, not a pooling manager; left untouched", manager);
        return null;
      }
      PoolingHttpClientConnectionManager pooling = (PoolingHttpClientConnectionManager) manager;
      SharedPool pool = new SharedPool(pooling, managers.observe(pooling), config, recorder);
      managers.share(pooling, pool);
      log.debug("shared HttpClient 4.x pool #{} for {}", sharedPools.size() + 1, key);
      return pool;
    } finally {
      buildingSharedManager.remove();
      if (shared != null) {
        shared.setBoolean(builder, wasShared);
      }
      if (builderFields.connTimeToLiveTimeUnit != null) {
        builderFields.connTimeToLive.setLong(builder, ttl);
        builderFields.connTimeToLiveTimeUnit.set(builder, ttlUnit);
      }
    }
  }

  @Override
  public Object createMinimal() {
    SharedPool pool = minimalPool;
    if (pool == null) {
      synchronized (this) {
        pool = minimalPool;
        if (pool == null) {
          PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
          pool = new SharedPool(manager, managers.observe(manager), config, recorder);
          managers.share(manager, pool);
          sharedPools.add(pool);
          minimalPool = pool;
        }
      }
    }
    return HttpClients.createMinimal(pool.forClient());
  }

  // ---- managers

  @Override
  public void managerCreated(Object manager) {
    if (manager instanceof PoolingHttpClientConnectionManager) {
      ObservedManager observed = managers.observe((PoolingHttpClientConnectionManager) manager);
      if (builderMakingManager.get() != null) {
        observed.madeByBuilder = true;
      }
    }
  }

  @Override
  public Object connectionState(Object manager, Object route, Object state) {
    if (state != null || !(manager instanceof PoolingHttpClientConnectionManager)) {
      return state;
    }
    ObservedManager observed = managers.find((PoolingHttpClientConnectionManager) manager);
    if (observed == null || observed.shared == null) {
      return state;
    }
    RouteState known = observed.routes.get(route);
    return known == null ? null : known.clientPrincipal();
  }

  @Override
  public Object connectionRequested(Object managerObject, Object routeObject, Object state, Object request) {
    if (!(managerObject instanceof PoolingHttpClientConnectionManager) || !(routeObject instanceof HttpRoute)) {
      return request;
    }
    ObservedManager observed = managers.observe((PoolingHttpClientConnectionManager) managerObject);
    HttpRoute route = (HttpRoute) routeObject;
    RouteState routeState = observed.routes.get(route);
    if (routeState == null) {
      routeState = addRoute(observed, route);
    }
    return new ReportingConnectionRequest((ConnectionRequest) request, reporter, observed, routeState, state);
  }

  private RouteState addRoute(ObservedManager observed, HttpRoute route) {
    HttpHost target = route.getTargetHost();
    SharedPool shared = observed.shared;
    if (shared != null) {
      // before the route is published: a thread that finds it known must also find its per-host limit in force
      shared.routeAdded(route, target.getHostName(), ClientDestinations.port(target.getSchemeName(), target.getPort()));
    }
    RouteState created = new RouteState(route, destination(destinations, target));
    RouteState raced = observed.routes.putIfAbsent(route, created);
    return raced != null ? raced : created;
  }

  static Destination destination(ClientDestinations destinations, HttpHost target) {
    return destinations.get(target.getSchemeName(), target.getHostName(), target.getPort());
  }

  @Override
  public Boolean connectionReleased(Object manager, Object connection, Object state, long keepAlive,
      Object timeUnit) {
    if (manager instanceof PoolingHttpClientConnectionManager) {
      ObservedManager observed = managers.find((PoolingHttpClientConnectionManager) manager);
      if (observed != null) {
        if (appManagers.released(observed, connection, state, keepAlive, timeUnit)) {
          return Boolean.TRUE;
        }
        reporter.released(observed, connection, state, keepAlive, timeUnit);
      }
    }
    return null;
  }

  // ---- the application's own managers as handles onto shared pools

  @Override
  public Object handleLease(Object manager, Object route, Object state) {
    return manager instanceof PoolingHttpClientConnectionManager && route instanceof HttpRoute
        ? appManagers.lease((PoolingHttpClientConnectionManager) manager, (HttpRoute) route, state) : null;
  }

  @Override
  public void handleShutdown(Object manager) {
    if (manager instanceof PoolingHttpClientConnectionManager) {
      appManagers.shutDown((PoolingHttpClientConnectionManager) manager);
    }
  }

  @Override
  public void handleCloseIdle(Object manager, long idle, Object timeUnit) {
    if (manager instanceof PoolingHttpClientConnectionManager) {
      appManagers.closeIdle((PoolingHttpClientConnectionManager) manager, idle, timeUnit);
    }
  }

  @Override
  public void handleCloseExpired(Object manager) {
    if (manager instanceof PoolingHttpClientConnectionManager) {
      appManagers.closeExpired((PoolingHttpClientConnectionManager) manager);
    }
  }

  @Override
  public Object handleStats(Object manager, Object route, Object stats) {
    return manager instanceof PoolingHttpClientConnectionManager
        ? appManagers.stats((PoolingHttpClientConnectionManager) manager, route, stats) : stats;
  }

  @Override
  public void libraryTlsFactory(Object factory, Object method) {
    appManagers.tlsFactoryMade(factory, method);
  }

  // ---- exec chain

  /** Every client the builder makes gets the agent's stale retry below the library's own retry. */
  @Override
  public Object mainExecDecorated(Object builder, Object mainExec) {
    if (builderFields == null || !(mainExec instanceof ClientExecChain) || buildingSharedManager.get() != null) {
      return mainExec;
    }
    try {
      LibraryRetry retries = builderFields.libraryRetries((HttpClientBuilder) builder);
      return retries == null ? mainExec
          : new StaleRetryExec((ClientExecChain) mainExec, retries, requests, staleRetry);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- requests

  /** Traced on the calling thread, where its leases run (MainClientExec), retries and redirects included. */
  @Override
  public ClassicRequest requestStarting(Object targetObject, Object requestObject) {
    HttpRequest request = (HttpRequest) requestObject;
    HttpHost target = (HttpHost) targetObject;
    String scheme;
    String host;
    int port;
    if (target != null) {
      scheme = target.getSchemeName();
      host = target.getHostName();
      port = target.getPort();
    } else if (request instanceof HttpUriRequest && ((HttpUriRequest) request).getURI() != null) {
      URI uri = ((HttpUriRequest) request).getURI();
      scheme = uri.getScheme();
      host = uri.getHost();
      port = uri.getPort();
    } else {
      return null;
    }
    scheme = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    RequestTrace trace = requests.startOnThread(destinations.get(scheme, host, port),
        request.getRequestLine().getMethod());
    return (response, error) -> trace.finished(status(response), error);
  }

  private static int status(Object response) {
    return response instanceof HttpResponse && ((HttpResponse) response).getStatusLine() != null
        ? ((HttpResponse) response).getStatusLine().getStatusCode() : 0;
  }

  // ---- legacy DefaultHttpClient

  @Override
  public Object legacyManagerCreated(Object client, Object manager) {
    return legacy.managerCreated(client, manager);
  }
}
