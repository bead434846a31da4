package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.instrumentation.LibraryClasses;
import io.httppool.agent.instrumentation.apache.ClassicRequest;
import io.httppool.agent.instrumentation.apache.HandleLeases;
import io.httppool.agent.instrumentation.apache.LibraryRetry;
import io.httppool.agent.instrumentation.apache.SharedPools;
import io.httppool.agent.instrumentation.apache5.Apache5Support;
import io.httppool.bootstrap.AgentStatus;
import java.io.Closeable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.MinimalHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.nio.AsyncConnectionEndpoint;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.util.Timeout;
import org.apache.hc.core5.util.VersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linked to one application's copy of HttpClient 5.x. A classic builder without a connection manager of its own
 * gets, for one {@code build()}, the handle of the shared manager for its {@code systemProperties} flag (the
 * only builder state that shapes the default manager), marked shared; every classic builder gets the agent's
 * stale-retry element in its exec chain ({@link StaleRetryExec}); the builder's fields are restored after.
 * An async builder without one runs on a shared engine ({@link SharedAsyncEngines}) or, when its settings are not
 * interchangeable ({@link EngineSettings}), gets a manager of its own with the agent's limits; with the library's
 * default retry strategy it gets the agent's retry of a request the reactor never started
 * ({@link AsyncNotExecutedRetry}). Every pooling manager
 * is observed. A version other than 5.x is left untouched.
 */
public final class LinkedApache5Support implements Apache5Support {
  private static final Logger log = LoggerFactory.getLogger(LinkedApache5Support.class);

  /** What a builder looked like before the agent changed it for one build. */
  private static final class BuildToken {
    final boolean async;
    final boolean managerSet;
    final boolean managerShared;
    final LinkedList<?> execInterceptors;
    /** The manager of an async client put on a shared engine (its reactor configuration was set too), or null. */
    final EngineClientManager engineManager;

    BuildToken(boolean async, boolean managerSet, boolean managerShared, LinkedList<?> execInterceptors,
        EngineClientManager engineManager) {
      this.async = async;
      this.managerSet = managerSet;
      this.managerShared = managerShared;
      this.execInterceptors = execInterceptors;
      this.engineManager = engineManager;
    }
  }

  private final AgentConfig config;
  private final PoolRecorder recorder;
  private final Routes routes;
  private final StaleConnectionGuard staleGuard;
  private final StaleRetry staleRetry;
  private final RequestTracer classicRequests;
  private final PooledConnections connections;
  private final LeakDetector leaks;
  private final boolean supported;
  private final boolean systemPropertiesShapeManager;
  private final boolean requestsCannotBringSocketFactories;
  private final boolean connectionConfigs;
  private final boolean compressionInsideRetry;
  private final boolean requestBuilderCopies;
  /** httpcore 5.1.3+ fails a request its closed connection never started with RequestNotExecutedException. */
  private final boolean requestsReportNotExecuted;
  private final ObservedManagers observed;
  private final AsyncClientPools asyncPools;
  private final SharedAsyncEngines asyncEngines;
  /** Null when this version's async client base is not what the engines expect. */
  private final AsyncClientBase asyncClientBase;
  private EngineSettings engineSettings;
  private final AsyncExchanges asyncExchanges = new AsyncExchanges();
  /** Distinct application manager configurations that get a shared pool; further ones keep their own pool. */
  private static final int MAX_APP_CONFIG_POOLS = 64;
  /** The shared classic pools, by whether the builder used system properties. */
  private final SharedPools<Boolean, ClassicSharedPool> sharedPools;
  /** The shared classic pools of application managers with socket or connection configuration of their own. */
  private final SharedPools<List<String>, ClassicSharedPool> appConfigPools;
  private final AppManagers appManagers;
  private final Set<Object> sharedManagers = Collections.newSetFromMap(new ConcurrentHashMap<Object, Boolean>());

  private Field classicManager;
  private Field classicManagerShared;
  private Field classicSystemProperties;
  private Field classicExecInterceptors;
  private Field classicRetriesDisabled;
  private Field classicRetryStrategy;
  private Field classicCompressionDisabled;
  private volatile Field[] asyncFields;

  public LinkedApache5Support(AgentContext context) throws ReflectiveOperationException {
    config = context.config();
    recorder = context.recorder();
    routes = new Routes(context.destinations());
    staleGuard = context.staleGuard();
    staleRetry = context.staleRetry();
    classicRequests = new RequestTracer(recorder, staleGuard, ClassicRequestTrace.ERRORS);
    connections = new PooledConnections(staleGuard);
    ClassLoader loader = HttpClientBuilder.class.getClassLoader();
    int[] version = version(loader);
    supported = version != null && version[0] == 5;
    // 5.0 to 5.2 build the default manager without system properties whatever the builder says
    systemPropertiesShapeManager = supported && version[1] >= 3;
    requestsCannotBringSocketFactories = supported && version[1] >= 4;
    // 5.4 moved content compression inside the retry element
    compressionInsideRetry = supported && version[1] >= 4;
    requestBuilderCopies = hasRequestBuilderCopy();
    requestsReportNotExecuted = supported && LibraryClasses.present(AsyncNotExecutedRetry.NOT_EXECUTED, loader);
    connectionConfigs = hasConnectionConfig(loader);
    leaks = new LeakDetector(recorder, config.leakDetectionThresholdMillis(), context.maintenance());
    observed = new ObservedManagers(routes);
    asyncPools = new AsyncClientPools(config, recorder, routes, connectionConfigs);
    asyncClientBase = supported ? asyncClientBase() : null;
    asyncEngines = new SharedAsyncEngines(asyncPools, asyncClientBase);
    // one pool built with system properties and one without
    sharedPools = new SharedPools<>("HttpClient 5.x", "apache5", 2, context.maintenance());
    appConfigPools = new SharedPools<>("HttpClient 5.x application", "apache5 application managers",
        MAX_APP_CONFIG_POOLS, context.maintenance());
    appManagers = new AppManagers(supported && config.apache5ShareAppPools(), context.poolState(), recorder, routes,
        this::sharedForAppManagers);
    if (!supported) {
      log.debug("HttpClient version {} from {} is not 5.x: left untouched", versionText(loader),
          HttpClientBuilder.class.getProtectionDomain().getCodeSource());
      return;
    }
    classicManager = field(HttpClientBuilder.class, "connManager");
    classicManagerShared = field(HttpClientBuilder.class, "connManagerShared");
    classicSystemProperties = field(HttpClientBuilder.class, "systemProperties");
    classicExecInterceptors = field(HttpClientBuilder.class, "execInterceptors");
    classicRetriesDisabled = field(HttpClientBuilder.class, "automaticRetriesDisabled");
    classicRetryStrategy = field(HttpClientBuilder.class, "retryStrategy");
    classicCompressionDisabled = field(HttpClientBuilder.class, "contentCompressionDisabled");
    engineSettings = engineSettings();
    context.poolState().register(observed);
    context.maintenance().every("apache5 async eviction", asyncPools::evict);
    log.debug("HttpClient {} linked from {}", versionText(loader),
        HttpClientBuilder.class.getProtectionDomain().getCodeSource());
  }

  private static AsyncClientBase asyncClientBase() {
    try {
      return new AsyncClientBase();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.info("HttpClient 5.x async: no shared engine ({}); async clients keep a connection manager and I/O "
          + "reactor of their own", e.toString());
      return null;
    }
  }

  /** Null when this version's async builder is not what the engines expect: its clients then keep their own. */
  private static EngineSettings engineSettings() {
    try {
      return new EngineSettings();
    } catch (NoSuchFieldException | RuntimeException e) {
      log.info("HttpClient 5.x async builder without {}: async clients keep a connection manager and I/O reactor of "
          + "their own", e.getMessage());
      return null;
    }
  }

  /** 5.2+; on 5.0 and 5.1 the classes that use it are never loaded. */
  private static boolean hasConnectionConfig(ClassLoader loader) {
    return LibraryClasses.present("org.apache.hc.client5.http.config.ConnectionConfig", loader);
  }

  /** httpcore 5.1+; the retry element of 5.0 copies requests with {@code ClassicRequestCopier}. */
  private static boolean hasRequestBuilderCopy() {
    try {
      ClassicRequestBuilder.class.getMethod("copy", ClassicHttpRequest.class);
      return true;
    } catch (NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  private static String versionText(ClassLoader loader) {
    VersionInfo info = VersionInfo.loadVersionInfo("org.apache.hc.client5", loader);
    return info == null ? null : info.getRelease();
  }

  /** Major and minor, or null when unknown. */
  private static int[] version(ClassLoader loader) {
    String release = versionText(loader);
    if (release == null) {
      return null;
    }
    String[] parts = release.split("[.-]");
    try {
      return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private ClassicSharedPool shared(boolean systemProperties) throws ReflectiveOperationException {
    return sharedPools.get(systemProperties && systemPropertiesShapeManager, this::createSharedPool);
  }

  private ClassicSharedPool createSharedPool(Boolean systemProperties) {
    return agentsOwn(new ClassicSharedPool(config, recorder, routes, leaks, systemProperties,
        connectionConfigs, requestsCannotBringSocketFactories, null));
  }

  private ClassicSharedPool agentsOwn(ClassicSharedPool pool) {
    observed.add(pool.manager());
    sharedManagers.add(pool.manager());
    appManagers.agents(pool.manager());
    return pool;
  }

  /**
   * Application managers with the library's default settings share the pool of clients built without one; those
   * with equal socket and connection configuration of their own, a pool made with it.
   */
  private ClassicSharedPool sharedForAppManagers(final Interchangeable.Configs configs) {
    try {
      return configs == null ? shared(false) : appConfigPools.get(configs.key,
          key -> agentsOwn(new ClassicSharedPool(config, recorder, routes, leaks, false, connectionConfigs,
              requestsCannotBringSocketFactories, configs)));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Object buildStarting(Object builder) {
    if (!supported) {
      return null;
    }
    try {
      if (builder instanceof HttpClientBuilder) {
        return classicBuildStarting((HttpClientBuilder) builder);
      }
      if (builder instanceof HttpAsyncClientBuilder) {
        return asyncBuildStarting((HttpAsyncClientBuilder) builder);
      }
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Gives the builder the shared manager if it has none, marked shared, and adds the agent's stale-retry element
   * to its exec chain, on a copy of the interceptor list so that the builder's own list stays as it was.
   */
  private BuildToken classicBuildStarting(HttpClientBuilder builder) throws ReflectiveOperationException {
    LinkedList<?> interceptors = (LinkedList<?>) classicExecInterceptors.get(builder);
    boolean managerSet = false;
    boolean managerShared = classicManagerShared.getBoolean(builder);
    if (classicManager.get(builder) == null) {
      classicManager.set(builder, shared(classicSystemProperties.getBoolean(builder)).handle());
      classicManagerShared.setBoolean(builder, true);
      managerSet = true;
    }
    BuildToken token = new BuildToken(false, managerSet, managerShared, interceptors, null);
    classicExecInterceptors.set(builder, interceptors == null ? null : new LinkedList<Object>(interceptors));
    try {
      addStaleRetry(builder);
    } catch (RuntimeException e) {
      // the client is built without it; the manager part of the token still has to be undone
      classicExecInterceptors.set(builder, interceptors);
      AgentStatus.adviceFailed("apache5 stale retry", e);
    }
    return token;
  }

  /**
   * Puts the agent's stale-retry element just inside the library's retry element, or where that element would be
   * without {@code disableAutomaticRetries()}: outside content compression from 5.4, outside the protocol element
   * before. Added last among the builder's interceptors in the first case, so that it sits closest to the retry
   * element; first in the second, so that the application's interceptors placed before the protocol element stay
   * inside it, as they would be inside the retry element.
   */
  @SuppressWarnings("unchecked")
  private void addStaleRetry(HttpClientBuilder builder) throws IllegalAccessException {
    boolean retriesDisabled = classicRetriesDisabled.getBoolean(builder);
    LibraryRetry libraryRetry = retriesDisabled ? LibraryRetry.NONE
        : classicRetryStrategy.get(builder) == null ? LibraryRetry.DEFAULT : LibraryRetry.APPLICATION;
    StaleRetryExec handler = new StaleRetryExec(staleRetry, libraryRetry, requestBuilderCopies);
    if (!retriesDisabled) {
      builder.addExecInterceptorAfter(ChainElement.RETRY.name(), StaleRetryExec.NAME, handler);
      return;
    }
    String outermostBelowRetry = compressionInsideRetry && !classicCompressionDisabled.getBoolean(builder)
        ? ChainElement.COMPRESS.name() : ChainElement.PROTOCOL.name();
    builder.addExecInterceptorBefore(outermostBelowRetry, StaleRetryExec.NAME, handler);
    LinkedList<Object> interceptors = (LinkedList<Object>) classicExecInterceptors.get(builder);
    interceptors.addFirst(interceptors.removeLast());
  }

  /**
   * Puts a builder without a manager of its own on the shared engine for its system-properties flag when its
   * settings allow ({@link EngineSettings}), else gives it a manager of its own with the agent's limits; and puts
   * the request metrics first in its exec chain, on a copy of the interceptor list so that the builder's own list
   * stays as it was. The engines' own builds are left as they are.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private BuildToken asyncBuildStarting(HttpAsyncClientBuilder builder) throws ReflectiveOperationException {
    Field[] fields = asyncFields();
    Object manager = fields[0].get(builder);
    if (manager != null && asyncPools.isAgents(manager)) {
      return null;
    }
    boolean managerSet = false;
    EngineClientManager engineManager = null;
    if (manager == null) {
      boolean systemPropertiesFlag = fields[1].getBoolean(builder);
      boolean systemProperties = systemPropertiesFlag && systemPropertiesShapeManager;
      SharedAsyncEngines.Engine engine = engineSettings != null && config.apache5ShareAsyncEngine()
          && engineSettings.interchangeable(builder, systemPropertiesFlag) ? asyncEngines.get(systemProperties) : null;
      if (engine != null) {
        engineManager = new EngineClientManager(engine);
        engineSettings.runNoIoThreads(builder);
        fields[0].set(builder, engineManager);
      } else {
        fields[0].set(builder, asyncPools.create(systemProperties));
      }
      managerSet = true;
    }
    LinkedList<?> interceptors = (LinkedList<?>) fields[2].get(builder);
    fields[2].set(builder, interceptors == null ? null : new LinkedList(interceptors));
    BuildToken token = new BuildToken(true, managerSet, false, interceptors, engineManager);
    builder.addExecInterceptorFirst(AsyncRequestMetrics.NAME, new AsyncRequestMetrics(recorder, routes, staleGuard,
        asyncExchanges));
    if (requestsReportNotExecuted && !fields[3].getBoolean(builder) && fields[4].get(builder) == null) {
      builder.addExecInterceptorBefore(ChainElement.RETRY.name(), AsyncNotExecutedRetry.NAME,
          new AsyncNotExecutedRetry(staleRetry, asyncExchanges));
    }
    return token;
  }

  private Field[] asyncFields() {
    Field[] fields = asyncFields;
    if (fields == null) {
      try {
        fields = new Field[] {field(HttpAsyncClientBuilder.class, "connManager"),
            field(HttpAsyncClientBuilder.class, "systemProperties"),
            field(HttpAsyncClientBuilder.class, "execInterceptors"),
            field(HttpAsyncClientBuilder.class, "automaticRetriesDisabled"),
            field(HttpAsyncClientBuilder.class, "retryStrategy")};
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(e);
      }
      asyncFields = fields;
    }
    return fields;
  }

  @Override
  public void buildFinished(Object builder, Object tokenObject, Object client) {
    BuildToken token = (BuildToken) tokenObject;
    try {
      if (token.async) {
        Field[] fields = asyncFields();
        if (token.managerSet) {
          fields[0].set(builder, null);
        }
        if (token.engineManager != null) {
          engineSettings.restoreReactorConfig((HttpAsyncClientBuilder) builder);
          if (client instanceof CloseableHttpAsyncClient) {
            token.engineManager.ownedBy((CloseableHttpAsyncClient) client);
          }
        }
        fields[2].set(builder, token.execInterceptors);
      } else {
        if (token.managerSet) {
          classicManager.set(builder, null);
          classicManagerShared.setBoolean(builder, token.managerShared);
        }
        classicExecInterceptors.set(builder, token.execInterceptors);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean asyncClientStarting(Object client) {
    try {
      return asyncClientBase != null && asyncClientBase.startOnEngine(client);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Object minimalClientCreated(Object client) {
    if (!supported || !(client instanceof MinimalHttpClient)) {
      return null;
    }
    MinimalHttpClient replacement;
    try {
      Constructor<MinimalHttpClient> constructor =
          MinimalHttpClient.class.getDeclaredConstructor(HttpClientConnectionManager.class);
      constructor.setAccessible(true);
      replacement = constructor.newInstance(shared(false).handle());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    try {
      // closes the unused manager it was built with
      ((Closeable) client).close();
    } catch (Exception e) {
      log.debug("closing the replaced minimal client", e);
    }
    return replacement;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void managerCreated(Object manager) {
    if (supported && manager instanceof ConnPoolControl) {
      observed.add((ConnPoolControl<HttpRoute>) manager);
    }
  }

  private boolean isShared(Object manager) {
    return sharedManagers.contains(manager);
  }

  @Override
  public Object handleLease(Object manager, Object route, Object timeout, Object state) {
    // the agent's own managers, leased on every shared-pool request, are never handles: no look-up for them
    if (!supported || !(manager instanceof PoolingHttpClientConnectionManager) || !(route instanceof HttpRoute)
        || isShared(manager)) {
      return null;
    }
    return appManagers.lease((PoolingHttpClientConnectionManager) manager, (HttpRoute) route, timeout, state);
  }

  @Override
  public boolean handleRelease(Object manager, Object endpoint, Object state, Object keepAlive) {
    return supported && appManagers.released(manager, endpoint, state, keepAlive);
  }

  @Override
  public void handleClosed(Object manager, Object closeMode) {
    if (supported) {
      appManagers.closed(manager, closeMode);
    }
  }

  @Override
  public void handleCloseIdle(Object manager, Object idleTime) {
    if (supported) {
      appManagers.closeIdle(manager, idleTime);
    }
  }

  @Override
  public void handleCloseExpired(Object manager) {
    if (supported) {
      appManagers.closeExpired(manager);
    }
  }

  @Override
  public Object handleStats(Object manager, Object route, Object stats) {
    return supported ? appManagers.stats(manager, route, stats) : stats;
  }

  @Override
  public void libraryTlsFactory(Object factory, Object method) {
    if (supported) {
      appManagers.tlsFactoryMade(factory, method);
    }
  }

  @Override
  public Object leased(Object manager, Object route, Object leaseRequest) {
    if (!supported || !(route instanceof HttpRoute)) {
      return null;
    }
    return new ObservedLeaseRequest((LeaseRequest) leaseRequest, recorder,
        routes.destination((HttpRoute) route), connections, isShared(manager),
        !HandleLeases.waitRecorded() && leaseQueued(manager, (HttpRoute) route, leaseRequest));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object asyncLeasing(Object manager, Object id, Object route, Object callback) {
    if (!supported || callback == null || !(route instanceof HttpRoute)) {
      return null;
    }
    return new ObservedLeaseCallback((FutureCallback<AsyncConnectionEndpoint>) callback, recorder,
        routes.destination((HttpRoute) route), connections, staleGuard, asyncExchanges, id,
        asyncPools.isAgents(manager), leaseWouldWait(manager, (HttpRoute) route));
  }

  private static boolean leaseQueued(Object manager, HttpRoute route, Object leaseRequest) {
    try {
      return QueuedLeases.leaseQueued(manager, route, leaseRequest);
    } catch (IllegalAccessException | RuntimeException e) {
      AgentStatus.adviceFailed("apache5 pool stats", e);
      return false;
    }
  }

  private static boolean leaseWouldWait(Object manager, HttpRoute route) {
    try {
      return QueuedLeases.leaseWouldWait(manager, route);
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache5 pool stats", e);
      return false;
    }
  }

  @Override
  public Object asyncLeaseTimeout(Object manager, Object route, Object timeout) {
    if (!supported || !(route instanceof HttpRoute) || !asyncPools.isAgents(manager)) {
      return null;
    }
    if (timeout == null || timeout == RequestConfig.DEFAULT.getConnectionRequestTimeout()) {
      HttpHost target = ((HttpRoute) route).getTargetHost();
      return Timeout.ofMilliseconds(
          config.poolSettings(target.getHostName(), Routes.port(target)).acquireTimeoutMillis());
    }
    return null;
  }

  @Override
  public ClassicRequest requestStarting(Object target, Object requestObject) {
    if (!supported || !(requestObject instanceof ClassicHttpRequest)) {
      return null;
    }
    ClassicHttpRequest request = (ClassicHttpRequest) requestObject;
    Destination destination;
    if (target instanceof HttpHost) {
      destination = routes.destination((HttpHost) target);
    } else {
      URIAuthority authority = request.getAuthority();
      if (authority == null) {
        return null;
      }
      destination = routes.destination(request.getScheme(), authority.getHostName(), authority.getPort());
    }
    return ClassicRequestTrace.start(classicRequests, destination, request.getMethod());
  }
}
