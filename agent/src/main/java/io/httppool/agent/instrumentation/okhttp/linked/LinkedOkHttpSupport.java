package io.httppool.agent.instrumentation.okhttp.linked;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ConnectionTracker;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.instrumentation.okhttp.OkHttpSupport;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linked to one application's copy of OkHttp (3.x, 4.x or 5.x). Before a client is created from a builder it
 * gives the builder the shared connection pool (a pool the application chose becomes a handle onto it when it is
 * interchangeable, see {@link ApplicationPools}, and is kept otherwise), chains the pool event
 * listener in front of the application's, and gives a builder with the platform's default TLS settings the one
 * shared default TLS socket factory, so that clients built alike can share connections. Before OkHttp reuses a
 * pooled connection, the stale-connection guard may refuse it.
 */
public final class LinkedOkHttpSupport implements OkHttpSupport {
  private static final Logger log = LoggerFactory.getLogger(LinkedOkHttpSupport.class);

  private final Field poolField;
  private final Field listenerFactoryField;
  private final Field sslSocketFactoryField;
  private final Field trustManagerField;
  private final Field chainCleanerField;
  private final ConnectionPool sharedPool;
  private final ApplicationPools applicationPools;
  private final CallTracing calls;
  private final ConnectionTracker tracker;
  private final StaleConnectionGuard staleGuard;
  /** The certificate chain cleaner OkHttp built for the shared trust manager, reused by every default client. */
  private volatile Object sharedChainCleaner;

  public LinkedOkHttpSupport(AgentContext context) throws NoSuchFieldException {
    poolField = builderField("connectionPool");
    listenerFactoryField = builderField("eventListenerFactory");
    sslSocketFactoryField = builderField("sslSocketFactoryOrNull", "sslSocketFactory");
    trustManagerField = optionalBuilderField("x509TrustManagerOrNull");
    chainCleanerField = optionalBuilderField("certificateChainCleaner");
    PoolSettings settings = context.config().defaultPoolSettings();
    sharedPool = new ConnectionPool(context.config().maxConnections(), settings.idleTimeoutMillis(),
        TimeUnit.MILLISECONDS);
    applicationPools = new ApplicationPools(sharedPool, context.config().okhttpShareAppPools(),
        context.poolState());
    tracker = new ConnectionTracker(context.recorder());
    context.poolState().register(tracker);
    context.maintenance().every("okhttp connection sweep", tracker::sweep);
    staleGuard = context.staleGuard();
    calls = new CallTracing(new RequestTracer(context.recorder(), staleGuard, RequestTrace.Errors.CORE),
        context.destinations().of(Client.OKHTTP), tracker, context.recorder());
    log.debug("OkHttp linked from {}", OkHttpClient.class.getProtectionDomain().getCodeSource());
  }

  private static Field builderField(String... candidates) throws NoSuchFieldException {
    for (String name : candidates) {
      try {
        Field field = OkHttpClient.Builder.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException tryNext) {
        // older and newer OkHttp name the field differently
      }
    }
    throw new NoSuchFieldException("OkHttpClient.Builder has none of " + String.join(", ", candidates));
  }

  /** A field OkHttp 3.x lacks, or null. */
  private static Field optionalBuilderField(String name) {
    try {
      return builderField(name);
    } catch (NoSuchFieldException absent) {
      return null;
    }
  }

  @Override
  public void clientCreating(Object builderObject) {
    OkHttpClient.Builder builder = (OkHttpClient.Builder) builderObject;
    try {
      ConnectionPool pool = (ConnectionPool) poolField.get(builder);
      if (pool == null || (pool != sharedPool && !applicationPools.isApplicationPool(pool))) {
        builder.connectionPool(sharedPool);
      }
      EventListener.Factory factory = (EventListener.Factory) listenerFactoryField.get(builder);
      if (!(factory instanceof PoolEventListenerFactory)) {
        builder.eventListenerFactory(new PoolEventListenerFactory(factory, calls));
      }
      if (sslSocketFactoryField.get(builder) == null && PlatformTls.isAvailable()) {
        useSharedTls(builder);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What {@code sslSocketFactory(factory, trustManager)} does, except that the certificate chain cleaner is built
   * once: OkHttp builds one per call from every CA the platform trusts (a map of about 150 certificates), which
   * cost a client-per-request application more than the rest of the client (benchmark), and a shared one also
   * makes the connection pool's address comparison an identity check. A builder with no TLS settings is a new
   * one, so the route database OkHttp resets there is empty already.
   */
  private void useSharedTls(OkHttpClient.Builder builder) throws IllegalAccessException {
    Object cleaner = sharedChainCleaner;
    if (cleaner == null || chainCleanerField == null) {
      builder.sslSocketFactory(PlatformTls.socketFactory(), PlatformTls.trustManager());
      sharedChainCleaner = chainCleanerField == null ? null : chainCleanerField.get(builder);
      return;
    }
    sslSocketFactoryField.set(builder, PlatformTls.socketFactory());
    if (trustManagerField != null) {
      trustManagerField.set(builder, PlatformTls.trustManager());
    }
    chainCleanerField.set(builder, cleaner);
  }

  @Override
  public boolean mayReuse(Object connection) {
    ConnectionTracker.Tracked tracked = tracker.get(connection);
    return tracked == null || staleGuard.mayReuse(tracked, System.nanoTime());
  }

  @Override
  public void poolChosen(Object pool) {
    applicationPools.chosen((ConnectionPool) pool);
  }
}
