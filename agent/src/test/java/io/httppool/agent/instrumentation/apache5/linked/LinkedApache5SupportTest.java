package io.httppool.agent.instrumentation.apache5.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.metrics.PoolMetrics;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The linked support on the real HttpClient 5.5 classes, without the agent: what build() gets and gives back. */
class LinkedApache5SupportTest {
  private final Maintenance maintenance = new Maintenance();
  private final AgentConfig config = AgentConfig.defaults();
  private final PoolState poolState = new PoolState();
  private final LinkedApache5Support support = support(config);

  LinkedApache5SupportTest() throws ReflectiveOperationException {}

  private LinkedApache5Support support(AgentConfig agentConfig) throws ReflectiveOperationException {
    return new LinkedApache5Support(new AgentContext(agentConfig, new Destinations(10), poolState,
        new PoolMetrics(OpenTelemetry.noop().getMeter("test"), poolState), maintenance));
  }

  @AfterEach
  void stop() {
    maintenance.shutdown();
  }

  @Test
  void clientsBuiltWithoutAManagerShareOneThatTheirCloseLeavesOpen() throws Exception {
    HttpClientBuilder builder = HttpClientBuilder.create();
    CloseableHttpClient first = build(builder);
    CloseableHttpClient second = build(HttpClientBuilder.create());

    Object handle = field(first, "connManager");
    assertTrue(handle instanceof NonClosingConnectionManager, String.valueOf(handle));
    assertSame(handle, field(second, "connManager"));
    assertNull(field(builder, "connManager"), "the builder gets its own state back");
    assertFalse((Boolean) field(builder, "connManagerShared"));

    first.close();
    second.close();
    PoolingHttpClientConnectionManager shared = ((NonClosingConnectionManager) handle).delegate();
    assertFalse(shared.isClosed());
  }

  @Test
  void systemPropertiesClientsGetTheirOwnSharedManager() throws Exception {
    Object plain = field(build(HttpClientBuilder.create()), "connManager");
    Object system = field(build(HttpClientBuilder.create().useSystemProperties()), "connManager");
    assertNotSame(plain, system);
    assertSame(system, field(build(HttpClientBuilder.create().useSystemProperties()), "connManager"));
  }

  @Test
  void aManagerTheApplicationSetIsKept() throws Exception {
    PoolingHttpClientConnectionManager own = new PoolingHttpClientConnectionManager();
    HttpClientBuilder builder = HttpClientBuilder.create().setConnectionManager(own);
    CloseableHttpClient client = build(builder);
    assertSame(own, field(client, "connManager"));
    assertSame(own, field(builder, "connManager"));
    assertTrue(chain(client).contains("StaleRetryExec"), chain(client).toString());
  }

  @Test
  void theStaleRetrySitsJustInsideTheLibrarysRetryOrWhereItWouldBe() throws Exception {
    assertEquals(Arrays.asList("RedirectExec", "HttpRequestRetryExec", "StaleRetryExec", "ContentCompressionExec",
        "ProtocolExec", "ConnectExec", "MainClientExec"), chain(build(HttpClientBuilder.create())));
    assertEquals(Arrays.asList("RedirectExec", "StaleRetryExec", "ContentCompressionExec", "ProtocolExec",
        "ConnectExec", "MainClientExec"), chain(build(HttpClientBuilder.create().disableAutomaticRetries())));
    assertEquals(Arrays.asList("RedirectExec", "StaleRetryExec", "ProtocolExec", "ConnectExec", "MainClientExec"),
        chain(build(HttpClientBuilder.create().disableAutomaticRetries().disableContentCompression())));
  }

  @Test
  void theBuildersInterceptorsAreGivenBack() throws Exception {
    ExecChainHandler own = (request, scope, chain) -> chain.proceed(request, scope);
    HttpClientBuilder builder = HttpClientBuilder.create().disableAutomaticRetries()
        .addExecInterceptorBefore(ChainElement.PROTOCOL.name(), "own", own);
    Object interceptors = field(builder, "execInterceptors");
    int size = ((List<?>) interceptors).size();

    List<String> chain = chain(build(builder));

    assertEquals(Arrays.asList("RedirectExec", "StaleRetryExec", "ContentCompressionExec", "own", "ProtocolExec",
        "ConnectExec", "MainClientExec"), chain, "the application's own stays inside, as inside a retry element");
    assertSame(interceptors, field(builder, "execInterceptors"));
    assertEquals(size, ((List<?>) interceptors).size());
    HttpClientBuilder withoutInterceptors = HttpClientBuilder.create();
    build(withoutInterceptors);
    assertNull(field(withoutInterceptors, "execInterceptors"));
  }

  @Test
  void theAcquireTimeoutReplacesOnlyTheLibraryDefault() {
    PoolSettings settings = config.defaultPoolSettings();
    Timeout agents = Timeout.ofMilliseconds(settings.acquireTimeoutMillis());
    assertEquals(agents, NonClosingConnectionManager.acquireTimeout(
        RequestConfig.DEFAULT.getConnectionRequestTimeout(), settings));
    assertEquals(agents, NonClosingConnectionManager.acquireTimeout(
        RequestConfig.custom().build().getConnectionRequestTimeout(), settings));
    assertEquals(agents, NonClosingConnectionManager.acquireTimeout(null, settings));
    Timeout chosen = Timeout.of(3, TimeUnit.MINUTES);
    assertSame(chosen, NonClosingConnectionManager.acquireTimeout(chosen, settings),
        "an explicit value equal to the default is the application's choice");
  }

  @Test
  void asyncBuildersWithDefaultSettingsRunOnOneEngineAndStartNoReactorThreadsOfTheirOwn() throws Exception {
    HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create();
    CloseableHttpAsyncClient first = build(builder);
    CloseableHttpAsyncClient second = build(HttpAsyncClientBuilder.create().setUserAgent("own"));
    CloseableHttpAsyncClient system = build(HttpAsyncClientBuilder.create().useSystemProperties());

    Object manager = field(first, "manager");
    assertTrue(manager instanceof EngineClientManager, String.valueOf(manager));
    assertNotSame(manager, field(second, "manager"), "a view each");
    assertSame(field(manager, "engine"), field(field(second, "manager"), "engine"));
    assertNotSame(field(manager, "engine"), field(field(system, "manager"), "engine"),
        "system properties shape the pool (5.3+): an engine of their own");
    assertEquals(0, field(field(first, "ioReactor"), "workerCount"));
    assertNull(field(builder, "ioReactorConfig"), "the builder is given back as it was");
    assertNull(field(builder, "connManager"));
    first.close();
    second.close();
    system.close();
  }

  @Test
  void aClientOnTheEngineStartsOnTheCallingThreadWithTheLibrarysStatusesAndOthersAreLeftToTheLibrary()
      throws Exception {
    CloseableHttpAsyncClient onEngine = build(HttpAsyncClientBuilder.create());
    assertEquals(IOReactorStatus.INACTIVE, onEngine.getStatus());
    long mainThreads = clientMainThreads();
    assertTrue(support.asyncClientStarting(onEngine), "started by the agent: the library's start is skipped");
    assertEquals(mainThreads, clientMainThreads(), "no httpclient-main thread (the library starts it in start())");
    assertEquals(IOReactorStatus.ACTIVE, onEngine.getStatus(), "active at once, with no thread to wait for");
    assertEquals("RUNNING", String.valueOf(((AtomicReference<?>) field(onEngine, "status")).get()),
        "requests are accepted as after the library's start");
    assertTrue(support.asyncClientStarting(onEngine), "a second start changes nothing, as the library's");
    assertEquals(IOReactorStatus.ACTIVE, onEngine.getStatus());
    onEngine.close();
    assertEquals(IOReactorStatus.SHUT_DOWN, onEngine.getStatus());
    assertTrue(support.asyncClientStarting(onEngine), "after the close: still no thread, status unchanged");
    assertEquals(IOReactorStatus.SHUT_DOWN, onEngine.getStatus());

    CloseableHttpAsyncClient own = build(HttpAsyncClientBuilder.create()
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build()));
    assertFalse(support.asyncClientStarting(own), "a reactor with I/O threads of its own: the library starts it");
    own.close();
    CloseableHttpAsyncClient notBuiltByTheAgent = HttpAsyncClientBuilder.create().build();
    assertFalse(support.asyncClientStarting(notBuiltByTheAgent));
    notBuiltByTheAgent.close();
  }

  @Test
  void withTheEngineSwitchedOffAnAsyncBuilderGetsAManagerOfItsOwnOnItsOwnReactor() throws Exception {
    LinkedApache5Support engineOff = support(AgentConfig.load(
        Collections.singletonMap("httppool.apache5.share-async-engine", "false"),
        Collections.<String, String>emptyMap(), null));
    HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create();
    CloseableHttpAsyncClient client = build(engineOff, builder);
    Object manager = field(client, "manager");
    assertTrue(manager instanceof PoolingAsyncClientConnectionManager, String.valueOf(manager));
    assertTrue(engineOff.asyncLeaseTimeout(manager, new HttpRoute(new HttpHost("127.0.0.1", 80)), null) != null,
        "the agent's own manager, with its acquire timeout");
    assertNotEquals(0, field(field(client, "ioReactor"), "workerCount"), "I/O threads of its own");
    assertNull(field(builder, "connManager"), "the builder is given back as it was");
    client.close();
  }

  @Test
  void anAsyncBuilderWithReactorSettingsOfItsOwnGetsAManagerOfItsOwnAndItsInterceptorsBack() throws Exception {
    HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create()
        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build());
    Object token = support.buildStarting(builder);
    assertNotNull(token);
    assertNotNull(field(builder, "execInterceptors"));
    CloseableHttpAsyncClient client;
    try {
      client = builder.build();
    } finally {
      support.buildFinished(builder, token, null);
    }
    assertNull(field(builder, "connManager"));
    assertNull(field(builder, "execInterceptors"));
    assertTrue(field(client, "manager") instanceof PoolingAsyncClientConnectionManager);
    assertTrue(support.asyncLeaseTimeout(field(client, "manager"), null, null) == null,
        "no route: nothing to change");
    client.close();
  }

  private static long clientMainThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("httpclient-main")).count();
  }

  /** The handlers of a client's exec chain, outermost first, by simple class name ("own" for a lambda). */
  private static List<String> chain(CloseableHttpClient client) throws ReflectiveOperationException {
    List<String> names = new ArrayList<>();
    for (Object element = field(client, "execChain"); element != null; element = field(element, "next")) {
      Class<?> type = field(element, "handler").getClass();
      names.add(type.isSynthetic() ? "own" : type.getSimpleName());
    }
    return names;
  }

  private CloseableHttpAsyncClient build(HttpAsyncClientBuilder builder) {
    return build(support, builder);
  }

  /** Builds as the agent's advice around {@code build()} does. */
  static CloseableHttpAsyncClient build(LinkedApache5Support support, HttpAsyncClientBuilder builder) {
    Object token = support.buildStarting(builder);
    CloseableHttpAsyncClient client = null;
    try {
      client = builder.build();
      return client;
    } finally {
      support.buildFinished(builder, token, client);
    }
  }

  private CloseableHttpClient build(HttpClientBuilder builder) {
    Object token = support.buildStarting(builder);
    try {
      return builder.build();
    } finally {
      support.buildFinished(builder, token, null);
    }
  }

  static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
      } catch (NoSuchFieldException tryParent) {
        // declared higher up
      }
    }
    throw new NoSuchFieldException(name);
  }
}
