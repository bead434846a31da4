package io.httppool.agent.instrumentation.jdkhttp.java11;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.ConnectionTracker;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.instrumentation.jdkhttp.JdkHttpSupport;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDK client per {@link ClientSettings}, built by the JDK from the first caller's builder, and the callers'
 * own clients on it. A shared client is retired when no caller's client is reachable any more, no request is in
 * flight and it has been idle for {@code idle-timeout}: the agent drops it (and shuts it down on JDK 21+), so its
 * selector thread ends.
 */
public final class SharedHttpClients implements JdkHttpSupport {
  private static final Logger log = LoggerFactory.getLogger(SharedHttpClients.class);

  /** {@code HttpClient.shutdown()}, JDK 21+; null before. */
  private static final Method SHUTDOWN = shutdownMethod();

  private final ConcurrentMap<ClientSettings, Shared> clients = new ConcurrentHashMap<>();
  /** Set while the JDK builds a shared client, so that this nested build goes through untouched. */
  private final ThreadLocal<Boolean> buildingShared = new ThreadLocal<>();
  private final ReferenceQueue<CallerHttpClient> unreachableCallers = new ReferenceQueue<>();
  private final Set<CallerReference> callers = ConcurrentHashMap.newKeySet();
  private final PoolState poolState;
  private final long idleTimeoutNanos;
  private final RequestTracer tracer;
  private final ClientDestinations destinations;
  private final PoolRecorder recorder;
  private final AgentConfig config;
  private final JdkConnections connections;

  public SharedHttpClients(AgentContext context) {
    this.poolState = context.poolState();
    this.tracer = new RequestTracer(context.recorder(), context.staleGuard(), SharedHttpClients::classify);
    this.destinations = context.destinations().of(Client.JDKHTTP);
    this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(context.config().defaultPoolSettings().idleTimeoutMillis());
    this.recorder = context.recorder();
    this.config = context.config();
    ConnectionTracker tracker = new ConnectionTracker(recorder);
    this.connections = new JdkConnections(recorder, destinations, tracker);
    poolState.register(tracker);
    context.maintenance().every("jdkhttp connection sweep", tracker::sweep);
    poolState.register(observer -> {
      for (Shared shared : clients.values()) {
        shared.permits.observe(observer);
      }
    });
    context.maintenance().every("jdkhttp idle shared clients", this::retireIdle);
  }

  @Override
  public Object build(Object builder, Object[] fields) {
    if (buildingShared.get() != null) {
      return null;
    }
    Object read;
    try {
      read = ClientSettings.read(fields);
    } catch (Exception e) {
      read = "settings not readable: " + e;
    }
    if (read instanceof String) {
      poolState.notShared(Client.JDKHTTP, "HttpClient", (String) read);
      return null;
    }
    ClientSettings settings = (ClientSettings) read;
    Shared shared;
    try {
      shared = clients.compute(settings, (key, existing) -> {
        Shared chosen = existing != null ? existing : new Shared(buildShared((HttpClient.Builder) builder), key,
            new ExchangePermits(recorder, config));
        chosen.callers.incrementAndGet();
        return chosen;
      });
    } catch (RuntimeException buildFailed) {
      // the JDK could not build a client with these settings: it builds the caller's and fails as it would
      return null;
    }
    CallerHttpClient caller = new CallerHttpClient(shared, this);
    callers.add(new CallerReference(caller, unreachableCallers, shared));
    return caller;
  }

  @Override
  public void connectionHandedOut(Object connection, Object request) {
    connections.handedOut(connection, request);
  }

  @Override
  public void connectionReturned(Object connection) {
    connections.returned(connection);
  }

  @Override
  public void channelOpened(Object channel) {
    connections.channelOpened(channel);
  }

  @Override
  public void http2ConnectionLookedUp(Object request, Object lookup) {
    connections.http2LookedUp(request, lookup);
  }

  private HttpClient buildShared(HttpClient.Builder builder) {
    buildingShared.set(Boolean.TRUE);
    try {
      HttpClient client = builder.build();
      log.debug("shared java.net.http client {} built", client);
      return client;
    } finally {
      buildingShared.remove();
    }
  }

  /** The trace of one request a caller sends, for the request metrics (connections: {@link JdkConnections}). */
  RequestTrace requestStarting(HttpRequest request) {
    return tracer.start(JdkConnections.destinationOf(destinations, request.uri()), request.method());
  }

  /** A wait beyond {@code acquire-timeout} for a permit is a pool timeout, not a connect timeout. */
  private static ErrorType classify(Throwable error, boolean whileConnecting, boolean onReusedConnection) {
    return ExchangePermits.isPoolTimeout(error) ? ErrorType.POOL_TIMEOUT
        : ErrorType.classify(error, whileConnecting, onReusedConnection);
  }

  private void retireIdle() {
    for (Reference<?> gone; (gone = unreachableCallers.poll()) != null; ) {
      callers.remove(gone);
      ((CallerReference) gone).shared.callerGone();
    }
    long now = System.nanoTime();
    for (ClientSettings settings : clients.keySet()) {
      clients.computeIfPresent(settings, (key, shared) -> {
        if (!shared.idleSince(now, idleTimeoutNanos)) {
          return shared;
        }
        shared.retire();
        return null;
      });
    }
  }

  private static Method shutdownMethod() {
    try {
      return HttpClient.class.getMethod("shutdown");
    } catch (NoSuchMethodException beforeJdk21) {
      return null;
    }
  }

  /** One shared JDK client. */
  static final class Shared {
    private final HttpClient client;
    private final ClientSettings settings;
    private final ExchangePermits permits;
    private final AtomicInteger callers = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastUsedNanos = System.nanoTime();

    Shared(HttpClient client, ClientSettings settings, ExchangePermits permits) {
      this.client = client;
      this.settings = settings;
      this.permits = permits;
    }

    HttpClient client() {
      return client;
    }

    ExchangePermits permits() {
      return permits;
    }

    void requestStarted() {
      inFlight.incrementAndGet();
    }

    void requestEnded() {
      lastUsedNanos = System.nanoTime();
      inFlight.decrementAndGet();
    }

    void callerGone() {
      lastUsedNanos = System.nanoTime();
      callers.decrementAndGet();
    }

    boolean idleSince(long now, long idleTimeoutNanos) {
      return callers.get() == 0 && inFlight.get() == 0 && now - lastUsedNanos >= idleTimeoutNanos;
    }

    void retire() {
      log.debug("shared java.net.http client {} ({}) retired: idle", client, settings);
      if (SHUTDOWN != null) {
        try {
          SHUTDOWN.invoke(client);
        } catch (ReflectiveOperationException e) {
          log.debug("shutdown of an idle shared client failed; it stops when collected", e);
        }
      }
    }
  }

  /** Tells when the caller's client of a shared one is no longer reachable. */
  private static final class CallerReference extends PhantomReference<CallerHttpClient> {
    final Shared shared;

    CallerReference(CallerHttpClient caller, ReferenceQueue<CallerHttpClient> queue, Shared shared) {
      super(caller, queue);
      this.shared = shared;
    }
  }
}
