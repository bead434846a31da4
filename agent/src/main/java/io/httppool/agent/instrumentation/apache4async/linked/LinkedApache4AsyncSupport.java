package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.instrumentation.apache.LeaseWatch;
import io.httppool.agent.instrumentation.apache.PoolStatistics;
import io.httppool.agent.instrumentation.apache.SharedPools;
import io.httppool.agent.instrumentation.apache4async.Apache4AsyncSupport;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.http.ConnectionClosedException;
import org.apache.http.HttpHost;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;
import org.apache.http.nio.NHttpClientConnection;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.pool.ConnPoolControl;
import org.apache.http.pool.PoolStats;
import org.apache.http.protocol.BasicHttpContext;
import org.apache.http.protocol.HttpContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linked to one application's copy of HttpAsyncClient 4.1.x. A client built without a connection manager (and
 * without an event handler of its own) is built in the library's shared-manager mode on the agent's
 * {@link SharedEngine} for its connection settings; every pooling manager, shared or the application's (Unirest
 * 3 makes its own), reports its leases and state; every request reports its duration and outcome.
 */
public final class LinkedApache4AsyncSupport implements Apache4AsyncSupport {
  private static final Logger log = LoggerFactory.getLogger(LinkedApache4AsyncSupport.class);
  /** Applications that build a new SSLContext per client would otherwise start a reactor per client. */
  static final int MAX_SHARED_ENGINES = 64;
  private static final RequestTrace.Errors ERRORS = LinkedApache4AsyncSupport::classify;
  private static final PoolStatistics<ConnPoolControl<HttpRoute>, HttpRoute, PoolStats> STATISTICS =
      new PoolStatistics<>(ConnPoolControl::getStats, ConnPoolControl::getTotalStats, PoolStats::getAvailable,
          PoolStats::getLeased, PoolStats::getMax);

  private final AgentConfig config;
  private final ClientDestinations destinations;
  private final PoolRecorder recorder;
  private final AsyncBuilderFields builderFields;
  private final AsyncManagers managers = new AsyncManagers();
  private final RequestTracer requests;
  private final LeaseGuard leaseGuard;
  /** A request just generated on this thread, waiting for the lease the client asks for next. */
  private final ThreadLocal<RequestTrace> leasing = new ThreadLocal<>();
  private final SharedPools<List<Object>, SharedEngine> engines;
  /** Set while the agent lets a builder make a shared manager: that build is the library's own. */
  private final ThreadLocal<Boolean> makingEngine = new ThreadLocal<>();

  public LinkedApache4AsyncSupport(AgentContext context) {
    config = context.config();
    destinations = context.destinations().of(Client.APACHE4);
    recorder = context.recorder();
    builderFields = builderFields();
    requests = new RequestTracer(recorder, context.staleGuard(), ERRORS);
    leaseGuard = new LeaseGuard(context.staleGuard(), recorder);
    context.poolState().register(managers);
    engines = new SharedPools<>("HttpAsyncClient 4.x", "apache4 async", MAX_SHARED_ENGINES, context.maintenance());
    log.debug("HttpAsyncClient 4.x linked from {}",
        HttpAsyncClientBuilder.class.getProtectionDomain().getCodeSource());
  }

  private static AsyncBuilderFields builderFields() {
    try {
      return new AsyncBuilderFields();
    } catch (NoSuchFieldException | RuntimeException e) {
      log.info("HttpAsyncClientBuilder left untouched (clients keep their own manager): {}", e.toString());
      return null;
    }
  }

  /**
   * The core classification; besides, the pool's lease timeout ({@code java.util.concurrent.TimeoutException}, the
   * only one the 4.x client raises) and, on a reused connection before any response head, the reactor's own
   * report of the server's close ({@code ConnectionClosedException}, "Connection closed unexpectedly"): stale.
   */
  private static ErrorType classify(Throwable error, boolean whileConnecting, boolean onReusedBeforeResponse) {
    ErrorType type = ErrorType.classify(error, false, onReusedBeforeResponse);
    if (type == ErrorType.OTHER) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof TimeoutException) {
          return ErrorType.POOL_TIMEOUT;
        }
        if (t instanceof ConnectionClosedException) {
          return onReusedBeforeResponse ? ErrorType.STALE_CONNECTION : ErrorType.CONNECTION_RESET;
        }
      }
    }
    return type;
  }

  // ---- builders

  /** What buildFinished puts back: the builder's own shared flag (false: only unshared builders are shared). */
  private static final Object RESTORE = new Object();

  @Override
  public Object buildStarting(Object builderObject) {
    if (builderFields == null || makingEngine.get() != null) {
      return null;
    }
    HttpAsyncClientBuilder builder = (HttpAsyncClientBuilder) builderObject;
    try {
      if (!builderFields.makesDefaultManager(builder)) {
        return null;
      }
      List<Object> key = builderFields.managerKey(builder);
      SharedEngine engine = engines.get(key, sharedKey -> createEngine(builder, sharedKey));
      if (engine == null || !engine.isRunning()) {
        return null;
      }
      builderFields.connManagerShared.setBoolean(builder, true);
      builderFields.connManager.set(builder, engine.manager);
      return RESTORE;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void buildFinished(Object builder, Object restore) {
    try {
      builderFields.connManager.set(builder, null);
      builderFields.connManagerShared.setBoolean(builder, false);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Lets the builder make its default manager once, exactly as it would without the agent (TLS strategy, reactor
   * and connection config, system properties), by building a throwaway client in shared mode, which starts no
   * thread; its reactor's threads come from the agent's factory. Then the agent starts the reactor.
   */
  private SharedEngine createEngine(HttpAsyncClientBuilder builder, List<Object> key)
      throws ReflectiveOperationException {
    Field ttlField = builderFields.connTimeToLive;
    Field ttlUnitField = builderFields.connTimeToLiveTimeUnit;
    Object threadFactory = builderFields.threadFactory.get(builder);
    long ttl = ttlField == null ? 0 : ttlField.getLong(builder);
    Object ttlUnit = ttlUnitField == null ? null : ttlUnitField.get(builder);
    long agentTtl = config.defaultPoolSettings().connectionTtlMillis();
    int number = SharedEngine.nextNumber();
    makingEngine.set(Boolean.TRUE);
    try {
      builderFields.connManagerShared.setBoolean(builder, true);
      builderFields.threadFactory.set(builder, SharedEngine.ioThreads(number));
      if (ttl <= 0 && agentTtl > 0 && ttlUnitField != null) {
        ttlField.setLong(builder, agentTtl);
        ttlUnitField.set(builder, TimeUnit.MILLISECONDS);
      }
      Object manager = managerOf(builder.build());
      if (!(manager instanceof PoolingNHttpClientConnectionManager)) {
        log.debug("HttpAsyncClientBuilder made a {}, not a pooling manager; left untouched", manager);
        return null;
      }
      PoolingNHttpClientConnectionManager pooling = (PoolingNHttpClientConnectionManager) manager;
      ObservedAsyncManager observed = managers.share(pooling);
      SharedEngine engine = new SharedEngine(pooling, observed, config, recorder);
      observed.shared = engine;
      engine.start(number);
      log.debug("shared HttpAsyncClient 4.x manager and reactor #{} for {}", number, key);
      return engine;
    } finally {
      makingEngine.remove();
      builderFields.connManagerShared.setBoolean(builder, false);
      builderFields.threadFactory.set(builder, threadFactory);
      if (ttlUnitField != null) {
        ttlField.setLong(builder, ttl);
        ttlUnitField.set(builder, ttlUnit);
      }
    }
  }

  /** The connection manager of a client the builder made (a private field of the client's base class). */
  private static Object managerOf(Object client) throws IllegalAccessException {
    for (Class<?> type = client.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField("connmgr");
        field.setAccessible(true);
        return field.get(client);
      } catch (NoSuchFieldException notHere) {
        // its superclass holds it
      }
    }
    return null;
  }

  // ---- managers

  @Override
  @SuppressWarnings("unchecked")
  public Object connectionRequested(Object managerObject, Object routeObject, Object callback) {
    if (!(managerObject instanceof PoolingNHttpClientConnectionManager) || !(routeObject instanceof HttpRoute)
        || !(callback instanceof FutureCallback)) {
      return callback;
    }
    PoolingNHttpClientConnectionManager manager = (PoolingNHttpClientConnectionManager) managerObject;
    HttpRoute route = (HttpRoute) routeObject;
    ObservedAsyncManager observed = managers.observe(manager);
    AsyncRoute known = observed.routes.get(route);
    if (known == null) {
      known = addRoute(observed, route);
    }
    RequestTrace request = leasing.get();
    leasing.set(null);
    SharedEngine engine = observed.shared;
    if (engine != null) {
      try {
        leaseGuard.beforeLease(engine.pool, route, known.destination);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    LeaseWatch watch = new LeaseWatch(recorder, known.destination,
        LeaseWatch.poolFull(STATISTICS, manager, route, "apache4 async"));
    return new ObservedLease((FutureCallback<NHttpClientConnection>) callback, manager, watch, request);
  }

  private AsyncRoute addRoute(ObservedAsyncManager observed, HttpRoute route) {
    HttpHost target = route.getTargetHost();
    SharedEngine engine = observed.shared;
    if (engine != null) {
      // before the route is published: a lease that finds it known must also find its per-host limit in force
      engine.routeAdded(route, target.getHostName(), ClientDestinations.port(target.getSchemeName(),
          target.getPort()));
    }
    AsyncRoute created = new AsyncRoute(route,
        destinations.get(target.getSchemeName(), target.getHostName(), target.getPort()));
    AsyncRoute raced = observed.routes.putIfAbsent(route, created);
    return raced != null ? raced : created;
  }

  @Override
  public long leaseTimeoutMillis(Object manager, long timeoutMillis) {
    if (timeoutMillis > 0 || !(manager instanceof PoolingNHttpClientConnectionManager)) {
      return timeoutMillis;
    }
    ObservedAsyncManager observed = managers.observe((PoolingNHttpClientConnectionManager) manager);
    SharedEngine engine = observed.shared;
    return engine == null || engine.acquireTimeoutMillis <= 0 ? timeoutMillis : engine.acquireTimeoutMillis;
  }

  // ---- requests

  @Override
  @SuppressWarnings("unchecked")
  public Object requestStarting(Object client, Object producerObject, Object contextObject, Object callback) {
    if (!(producerObject instanceof HttpAsyncRequestProducer)
        || (contextObject != null && !(contextObject instanceof HttpContext))
        || (callback != null && !(callback instanceof FutureCallback))) {
      return null;
    }
    HttpAsyncRequestProducer producer = (HttpAsyncRequestProducer) producerObject;
    HttpHost target = producer.getTarget();
    if (target == null) {
      return null;
    }
    // the client adapts a new BasicHttpContext when given none: the same, made here, to read the response from
    HttpContext context = contextObject != null ? (HttpContext) contextObject : new BasicHttpContext();
    TracedRequest traced = new TracedRequest(producer, requests,
        destinations.get(target.getSchemeName(), target.getHostName(), target.getPort()), context, leasing);
    return new Object[] {traced, context, traced.callback((FutureCallback<Object>) callback)};
  }
}
