package io.httppool.testapps.compatibility;

import static io.httppool.testapps.compatibility.NamedMember.constructor;
import static io.httppool.testapps.compatibility.NamedMember.declaredField;
import static io.httppool.testapps.compatibility.NamedMember.field;
import static io.httppool.testapps.compatibility.NamedMember.method;
import static io.httppool.testapps.compatibility.NamedMember.publicMethod;
import static io.httppool.testapps.compatibility.NamedMember.type;

import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.JarSet;
import java.util.List;
import java.util.Map;

/**
 * Every library class and member the agent reaches by a name written as a string (agent/src/main/.../
 * instrumentation): its Byte Buddy matchers, its reflective look-ups, its {@code @Advice.FieldValue}s. The gate
 * resolves each in every tested version, and fails if the agent's classes hold a string naming a library member
 * that is not listed here, so this list cannot fall behind the agent.
 */
final class ReachedByName {
  private static final String OKHTTP_BUILDER = "okhttp3.OkHttpClient$Builder";
  private static final String EVENT_LISTENER = "okhttp3.EventListener";
  private static final String REAL_CONNECTION_POOL = "okhttp3.internal.connection.RealConnectionPool";
  private static final String APACHE4 = "org.apache.http.";
  private static final String APACHE4_BUILDER = APACHE4 + "impl.client.HttpClientBuilder";
  private static final String APACHE4_MANAGER = APACHE4 + "impl.conn.PoolingHttpClientConnectionManager";
  private static final String APACHE4_ASYNC = APACHE4 + "impl.nio.client.";
  private static final String APACHE4_ASYNC_BUILDER = APACHE4_ASYNC + "HttpAsyncClientBuilder";
  private static final String APACHE4_ASYNC_MANAGER = APACHE4 + "impl.nio.conn.PoolingNHttpClientConnectionManager";
  private static final String APACHE5 = "org.apache.hc.client5.http.";
  private static final String APACHE5_BUILDER = APACHE5 + "impl.classic.HttpClientBuilder";
  private static final String APACHE5_ASYNC_BUILDER = APACHE5 + "impl.async.HttpAsyncClientBuilder";
  private static final String APACHE5_MANAGER = APACHE5 + "impl.io.PoolingHttpClientConnectionManager";
  private static final String APACHE5_OPERATOR = APACHE5 + "impl.io.DefaultHttpClientConnectionOperator";
  private static final String APACHE5_SSL = APACHE5 + "ssl.";
  private static final String APACHE5_ASYNC_MANAGER = APACHE5 + "impl.nio.PoolingAsyncClientConnectionManager";
  private static final String JDK_CLIENT = "sun.net.www.http.HttpClient";
  private static final String JDK_HTTPS_CLIENT = "sun.net.www.protocol.https.HttpsClient";
  private static final String JDK_CACHE = "sun.net.www.http.KeepAliveCache";
  private static final String JDK_STREAM = "sun.net.www.http.KeepAliveStream";
  private static final String JDK_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  private static final String HTTPS_CONNECTION = "javax.net.ssl.HttpsURLConnection";
  private static final String JDK_HTTP_BUILDER = "jdk.internal.net.http.HttpClientBuilderImpl";
  private static final String JDK_HTTP_INTERNALS = "jdk.internal.net.http.";

  private static final Map<ClientFamily, List<NamedMember>> BY_FAMILY = Map.of(
      ClientFamily.OKHTTP, List.of(
          // OkHttpInstrumentation
          constructor("okhttp3.OkHttpClient", 1, 0, OKHTTP_BUILDER),
          method(OKHTTP_BUILDER, "connectionPool", 1, 0, "okhttp3.ConnectionPool"),
          method("okhttp3.internal.connection.RealConnection", "isHealthy", 1, 0, "boolean"),
          // LinkedOkHttpSupport: the builder's private fields; 3.x names the socket factory field differently
          declaredField(OKHTTP_BUILDER, "connectionPool"),
          declaredField(OKHTTP_BUILDER, "eventListenerFactory"),
          declaredField(OKHTTP_BUILDER, "sslSocketFactoryOrNull").absentIn(JarSet.OKHTTP3),
          declaredField(OKHTTP_BUILDER, "sslSocketFactory")
              .absentIn(JarSet.OKHTTP4, JarSet.OKHTTP5, JarSet.OKHTTP55),
          declaredField(OKHTTP_BUILDER, "x509TrustManagerOrNull").absentIn(JarSet.OKHTTP3),
          declaredField(OKHTTP_BUILDER, "certificateChainCleaner"),
          // ApplicationPools: where a pool keeps its connections, and what says whether two pools behave alike
          declaredField("okhttp3.ConnectionPool", "delegate"),
          declaredField(REAL_CONNECTION_POOL, "maxIdleConnections"),
          declaredField(REAL_CONNECTION_POOL, "keepAliveDurationNs"),
          declaredField(REAL_CONNECTION_POOL, "connectionListener").absentIn(JarSet.OKHTTP3, JarSet.OKHTTP4),
          declaredField(REAL_CONNECTION_POOL, "cleanupQueue").absentIn(JarSet.OKHTTP3),
          declaredField("okhttp3.internal.concurrent.TaskQueue", "taskRunner").absentIn(JarSet.OKHTTP3),
          // PoolEventListener forwards every callback; OkHttp calls only those its version has
          method(EVENT_LISTENER, "canceled", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "proxySelectStart", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "proxySelectEnd", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "satisfactionFailure", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "cacheHit", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "cacheMiss", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "cacheConditionalHit", -1).absentIn(JarSet.OKHTTP3),
          method(EVENT_LISTENER, "dispatcherQueueStart", -1).absentIn(JarSet.OKHTTP3, JarSet.OKHTTP4),
          method(EVENT_LISTENER, "dispatcherQueueEnd", -1).absentIn(JarSet.OKHTTP3, JarSet.OKHTTP4),
          method(EVENT_LISTENER, "retryDecision", -1).absentIn(JarSet.OKHTTP3, JarSet.OKHTTP4),
          method(EVENT_LISTENER, "followUpDecision", -1).absentIn(JarSet.OKHTTP3, JarSet.OKHTTP4)),
      ClientFamily.APACHE4, List.of(
          // StableAnswers: the User-Agent every build makes
          method(APACHE4 + "util.VersionInfo", "getUserAgent", 3),
          // Apache4Instrumentation
          method(APACHE4_BUILDER, "build", 0),
          method(APACHE4_BUILDER, "decorateMainExec", 1),
          method(APACHE4 + "impl.client.HttpClients", "createMinimal", 0),
          constructor(APACHE4_MANAGER, -1),
          method(APACHE4_MANAGER, "requestConnection", 2, 0, APACHE4 + "conn.routing.HttpRoute"),
          method(APACHE4_MANAGER, "releaseConnection", 4, 0, APACHE4 + "HttpClientConnection"),
          method(APACHE4 + "impl.client.InternalHttpClient", "doExecute", 3, 0, APACHE4 + "HttpHost"),
          method(APACHE4 + "impl.client.MinimalHttpClient", "doExecute", 3, 0, APACHE4 + "HttpHost"),
          method(APACHE4 + "impl.client.AbstractHttpClient", "doExecute", 3, 0, APACHE4 + "HttpHost"),
          method(APACHE4 + "impl.client.AbstractHttpClient", "createClientConnectionManager", 0),
          // BuilderFields: what flows into the builder's default manager; older builders lack some
          declaredField(APACHE4_BUILDER, "connManager"),
          declaredField(APACHE4_BUILDER, "connManagerShared").absentIn(JarSet.APACHE43),
          declaredField(APACHE4_BUILDER, "connTimeToLive").absentIn(JarSet.APACHE43),
          declaredField(APACHE4_BUILDER, "connTimeToLiveTimeUnit").absentIn(JarSet.APACHE43),
          declaredField(APACHE4_BUILDER, "systemProperties"),
          declaredField(APACHE4_BUILDER, "retryHandler"),
          declaredField(APACHE4_BUILDER, "automaticRetriesDisabled"),
          declaredField(APACHE4_BUILDER, "sslSocketFactory"),
          declaredField(APACHE4_BUILDER, "sslcontext").absentIn(JarSet.APACHE45),
          declaredField(APACHE4_BUILDER, "sslContext").absentIn(JarSet.APACHE43, JarSet.APACHE44),
          declaredField(APACHE4_BUILDER, "hostnameVerifier"),
          declaredField(APACHE4_BUILDER, "publicSuffixMatcher").absentIn(JarSet.APACHE43),
          declaredField(APACHE4_BUILDER, "dnsResolver").absentIn(JarSet.APACHE43, JarSet.APACHE44),
          declaredField(APACHE4_BUILDER, "defaultSocketConfig"),
          declaredField(APACHE4_BUILDER, "defaultConnectionConfig"),
          // DefaultCookieSpecs: the registry a default 4.5 build makes, made once
          declaredField(APACHE4_BUILDER, "cookieSpecRegistry"),
          type(APACHE4 + "impl.client.CookieSpecRegistries").absentIn(JarSet.APACHE43, JarSet.APACHE44),
          type(APACHE4 + "conn.util.PublicSuffixMatcherLoader").absentIn(JarSet.APACHE43),
          type(APACHE4 + "conn.util.PublicSuffixMatcher").absentIn(JarSet.APACHE43),
          // PoolLimits: an application manager's limits, read without its pool's lock
          declaredField(APACHE4 + "pool.AbstractConnPool", "maxTotal"),
          declaredField(APACHE4 + "pool.AbstractConnPool", "defaultMaxPerRoute"),
          declaredField(APACHE4 + "pool.AbstractConnPool", "maxPerRoute"),
          // ManagerRegistry
          declaredField(APACHE4_MANAGER, "isShutDown"),
          declaredField(APACHE4 + "impl.client.InternalHttpClient", "connManager"),
          declaredField(APACHE4 + "impl.client.MinimalHttpClient", "connManager"),
          // AppManagers: an application's manager as a handle onto a shared pool (Interchangeable reads its parts)
          method(APACHE4_MANAGER, "shutdown", 0),
          method(APACHE4_MANAGER, "closeIdleConnections", 2),
          method(APACHE4_MANAGER, "closeExpiredConnections", 0),
          method(APACHE4_MANAGER, "getTotalStats", 0),
          method(APACHE4_MANAGER, "getStats", 1, 0, APACHE4 + "conn.routing.HttpRoute"),
          method(APACHE4 + "conn.ssl.SSLConnectionSocketFactory", "getSocketFactory", 0),
          method(APACHE4 + "conn.ssl.SSLConnectionSocketFactory", "getSystemSocketFactory", 0),
          declaredField(APACHE4_MANAGER, "configData"),
          declaredField(APACHE4_MANAGER, "pool"),
          declaredField(APACHE4_MANAGER, "connectionOperator"),
          declaredField(APACHE4_MANAGER + "$ConfigData", "socketConfigMap"),
          declaredField(APACHE4_MANAGER + "$ConfigData", "connectionConfigMap"),
          declaredField(APACHE4_MANAGER + "$InternalConnectionFactory", "connFactory"),
          declaredField(APACHE4 + "impl.conn.CPool", "timeToLive"),
          declaredField(APACHE4 + "impl.conn.CPool", "tunit").absentIn(JarSet.APACHE45),
          declaredField(APACHE4 + "impl.conn.CPool", "timeUnit").absentIn(JarSet.APACHE43, JarSet.APACHE44),
          declaredField(APACHE4 + "pool.AbstractConnPool", "connFactory"),
          type(APACHE4 + "impl.conn.DefaultHttpClientConnectionOperator").absentIn(JarSet.APACHE43),
          declaredField(APACHE4 + "impl.conn.DefaultHttpClientConnectionOperator", "socketFactoryRegistry")
              .absentIn(JarSet.APACHE43),
          declaredField(APACHE4 + "impl.conn.DefaultHttpClientConnectionOperator", "schemePortResolver")
              .absentIn(JarSet.APACHE43),
          declaredField(APACHE4 + "impl.conn.DefaultHttpClientConnectionOperator", "dnsResolver")
              .absentIn(JarSet.APACHE43),
          declaredField(APACHE4 + "impl.conn.HttpClientConnectionOperator", "socketFactoryRegistry")
              .absentIn(JarSet.APACHE44, JarSet.APACHE45),
          declaredField(APACHE4 + "impl.conn.HttpClientConnectionOperator", "schemePortResolver")
              .absentIn(JarSet.APACHE44, JarSet.APACHE45),
          declaredField(APACHE4 + "impl.conn.HttpClientConnectionOperator", "dnsResolver")
              .absentIn(JarSet.APACHE44, JarSet.APACHE45),
          // SharedPool turns the library's own validation off where there is one (4.4 on)
          method(APACHE4_MANAGER, "setValidateAfterInactivity", 1).absentIn(JarSet.APACHE43)),
      ClientFamily.APACHE4ASYNC, List.of(
          // Apache4AsyncInstrumentation
          method(APACHE4_ASYNC_BUILDER, "build", 0),
          method(APACHE4_ASYNC_MANAGER, "requestConnection", 6, 0, APACHE4 + "conn.routing.HttpRoute"),
          method(APACHE4_ASYNC + "InternalHttpAsyncClient", "execute", 4, 0,
              APACHE4 + "nio.protocol.HttpAsyncRequestProducer"),
          // AsyncBuilderFields: what flows into the builder's default manager and reactor
          declaredField(APACHE4_ASYNC_BUILDER, "connManager"),
          declaredField(APACHE4_ASYNC_BUILDER, "connManagerShared"),
          declaredField(APACHE4_ASYNC_BUILDER, "threadFactory"),
          declaredField(APACHE4_ASYNC_BUILDER, "eventHandler"),
          declaredField(APACHE4_ASYNC_BUILDER, "systemProperties"),
          declaredField(APACHE4_ASYNC_BUILDER, "sslStrategy"),
          declaredField(APACHE4_ASYNC_BUILDER, "sslcontext"),
          declaredField(APACHE4_ASYNC_BUILDER, "hostnameVerifier"),
          declaredField(APACHE4_ASYNC_BUILDER, "publicSuffixMatcher"),
          declaredField(APACHE4_ASYNC_BUILDER, "defaultIOReactorConfig"),
          declaredField(APACHE4_ASYNC_BUILDER, "defaultConnectionConfig"),
          declaredField(APACHE4_ASYNC_BUILDER, "connTimeToLive").absentIn(JarSet.APACHE4ASYNC41),
          declaredField(APACHE4_ASYNC_BUILDER, "connTimeToLiveTimeUnit").absentIn(JarSet.APACHE4ASYNC41),
          // LinkedApache4AsyncSupport: the manager of the client a builder made
          declaredField(APACHE4_ASYNC + "CloseableHttpAsyncClientBase", "connmgr"),
          // SharedEngine runs the reactor with the library's own dispatch
          constructor(APACHE4_ASYNC + "InternalIODispatch", 1, 0, APACHE4 + "nio.NHttpClientEventHandler"),
          // AsyncManagers: whether a manager was shut down; LeaseGuard walks its pool's idle connections
          declaredField(APACHE4_ASYNC_MANAGER, "pool"),
          method(APACHE4 + "nio.pool.AbstractNIOConnPool", "enumAvailable", 1, 0, APACHE4 + "pool.PoolEntryCallback"),
          // SharedEngine fails leases past their timeout where the manager can (4.1.1 on)
          method(APACHE4_ASYNC_MANAGER, "validatePendingRequests", 0).absentIn(JarSet.APACHE4ASYNC41)),
      ClientFamily.APACHE5, List.of(
          // Apache5Instrumentation
          method(APACHE5_BUILDER, "build", 0),
          method(APACHE5_ASYNC_BUILDER, "build", 0),
          method(APACHE5 + "impl.classic.HttpClients", "createMinimal", 0),
          // StableAnswers: what every build looks up again
          method("org.apache.hc.core5.util.VersionInfo", "getSoftwareInfo", 3),
          method(APACHE5 + "entity.BrotliDecompressingEntity", "isAvailable", 0).absentIn(JarSet.APACHE50),
          constructor(APACHE5_MANAGER, -1),
          method(APACHE5_MANAGER, "lease", 4, 2, "org.apache.hc.core5.util.Timeout"),
          constructor(APACHE5_ASYNC_MANAGER, -1),
          method(APACHE5_ASYNC_MANAGER, "lease", 5, 4, "org.apache.hc.core5.concurrent.FutureCallback"),
          method(APACHE5 + "impl.classic.InternalHttpClient", "doExecute", 3),
          method(APACHE5 + "impl.classic.MinimalHttpClient", "doExecute", 3),
          // LinkedApache5Support: the builders' private fields, and what 5.0 and 5.1 lack
          declaredField(APACHE5_BUILDER, "connManager"),
          declaredField(APACHE5_BUILDER, "connManagerShared"),
          declaredField(APACHE5_BUILDER, "systemProperties"),
          declaredField(APACHE5_BUILDER, "execInterceptors"),
          declaredField(APACHE5_BUILDER, "automaticRetriesDisabled"),
          declaredField(APACHE5_BUILDER, "retryStrategy"),
          declaredField(APACHE5_BUILDER, "contentCompressionDisabled"),
          declaredField(APACHE5_ASYNC_BUILDER, "connManager"),
          declaredField(APACHE5_ASYNC_BUILDER, "systemProperties"),
          declaredField(APACHE5_ASYNC_BUILDER, "execInterceptors"),
          declaredField(APACHE5_ASYNC_BUILDER, "automaticRetriesDisabled"),
          declaredField(APACHE5_ASYNC_BUILDER, "retryStrategy"),
          // AsyncNotExecutedRetry: httpcore 5.1.3+
          type("org.apache.hc.core5.http.RequestNotExecutedException").absentIn(JarSet.APACHE50),
          // EngineSettings: the async builder's settings that shape the reactor or the connections it opens
          declaredField(APACHE5_ASYNC_BUILDER, "connManagerShared"),
          declaredField(APACHE5_ASYNC_BUILDER, "ioReactorConfig"),
          declaredField(APACHE5_ASYNC_BUILDER, "threadFactory"),
          declaredField(APACHE5_ASYNC_BUILDER, "ioSessionListener").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_ASYNC_BUILDER, "ioSessionDecorator").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_ASYNC_BUILDER, "ioReactorExceptionCallback").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_ASYNC_BUILDER, "h1Config"),
          declaredField(APACHE5_ASYNC_BUILDER, "h2Config"),
          declaredField(APACHE5_ASYNC_BUILDER, "charCodingConfig"),
          declaredField(APACHE5_ASYNC_BUILDER, "reuseStrategy"),
          declaredField(APACHE5_ASYNC_BUILDER, "tlsConfig").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_ASYNC_BUILDER, "versionPolicy")
              .absentIn(JarSet.APACHE52, JarSet.APACHE55, JarSet.APACHE56),
          declaredField(APACHE5_ASYNC_BUILDER, "proxy"),
          declaredField(APACHE5_ASYNC_BUILDER, "proxySelector").absentIn(JarSet.APACHE50, JarSet.APACHE52),
          declaredField(APACHE5_ASYNC_BUILDER, "routePlanner"),
          // EngineClientManager passes the TLS upgrade with a callback on; 5.0 and 5.1 never call it
          method(APACHE5_ASYNC_MANAGER, "upgrade", 4, 3, "org.apache.hc.core5.concurrent.FutureCallback")
              .absentIn(JarSet.APACHE50),
          // EngineEndpoint, the endpoint a client on an engine holds, passes the endpoint's info on where it exists
          method(APACHE5 + "nio.AsyncConnectionEndpoint", "getInfo", 0).absentIn(JarSet.APACHE50, JarSet.APACHE52),
          type(APACHE5 + "EndpointInfo").absentIn(JarSet.APACHE50, JarSet.APACHE52),
          // AsyncClientBase: the reactor of the client an engine runs on, and the start of a client on an engine
          declaredField(APACHE5 + "impl.async.AbstractHttpAsyncClientBase", "ioReactor"),
          method(APACHE5 + "impl.async.AbstractHttpAsyncClientBase", "start", 0),
          declaredField(APACHE5 + "impl.async.AbstractHttpAsyncClientBase", "status",
              "java.util.concurrent.atomic.AtomicReference"),
          declaredField(APACHE5 + "impl.async.AbstractHttpAsyncClientBase$Status", "READY"),
          declaredField(APACHE5 + "impl.async.AbstractHttpAsyncClientBase$Status", "RUNNING"),
          declaredField(APACHE5 + "impl.async.InternalHttpAsyncClient", "manager"),
          type(APACHE5 + "config.ConnectionConfig").absentIn(JarSet.APACHE50),
          method(APACHE5_MANAGER + "Builder", "setConnectionConfigResolver", 1).absentIn(JarSet.APACHE50),
          method(APACHE5_ASYNC_MANAGER + "Builder", "setConnectionConfigResolver", 1).absentIn(JarSet.APACHE50),
          publicMethod("org.apache.hc.core5.http.io.support.ClassicRequestBuilder", "copy",
              "org.apache.hc.core5.http.ClassicHttpRequest").absentIn(JarSet.APACHE50),
          // PooledConnections, FullPool, AsyncSessions, Eviction
          declaredField(APACHE5_MANAGER + "$InternalConnectionEndpoint", "poolEntryRef",
              "java.util.concurrent.atomic.AtomicReference"),
          declaredField(APACHE5_ASYNC_MANAGER + "$InternalConnectionEndpoint", "poolEntryRef",
              "java.util.concurrent.atomic.AtomicReference"),
          publicMethod("org.apache.hc.core5.pool.PoolEntry", "getCreated").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_MANAGER + "$*", "val$leaseFuture", "java.util.concurrent.Future"),
          declaredField(APACHE5 + "impl.nio.DefaultManagedAsyncClientConnection", "ioSession"),
          declaredField(APACHE5_MANAGER, "pool"),
          // PoolLimits: an application manager's limits, read without its pool's lock
          declaredField("org.apache.hc.core5.pool.StrictConnPool", "maxTotal"),
          declaredField("org.apache.hc.core5.pool.StrictConnPool", "defaultMaxPerRoute"),
          declaredField("org.apache.hc.core5.pool.StrictConnPool", "maxPerRoute"),
          declaredField(APACHE5_ASYNC_MANAGER, "pool"),
          // AppManagers: an application's manager as a handle onto a shared pool (Interchangeable reads its parts)
          method(APACHE5_MANAGER, "release", 3, 0, APACHE5 + "io.ConnectionEndpoint"),
          method(APACHE5_MANAGER, "close", 1),
          method(APACHE5_MANAGER, "closeIdle", 1),
          method(APACHE5_MANAGER, "closeExpired", 0),
          method(APACHE5_MANAGER, "getTotalStats", 0),
          method(APACHE5_MANAGER, "getStats", 1, 0, APACHE5 + "HttpRoute"),
          method(APACHE5_SSL + "SSLConnectionSocketFactory", "getSocketFactory", 0),
          method(APACHE5_SSL + "SSLConnectionSocketFactory", "getSystemSocketFactory", 0),
          method(APACHE5_SSL + "DefaultClientTlsStrategy", "getDefault", 0),
          method(APACHE5_SSL + "DefaultClientTlsStrategy", "getSystemDefault", 0),
          method(APACHE5_SSL + "DefaultClientTlsStrategy", "createDefault", 0)
              .absentIn(JarSet.APACHE50, JarSet.APACHE52),
          method(APACHE5_SSL + "DefaultClientTlsStrategy", "createSystemDefault", 0)
              .absentIn(JarSet.APACHE50, JarSet.APACHE52),
          declaredField(APACHE5_MANAGER, "connectionOperator"),
          declaredField(APACHE5_MANAGER, "connFactory"),
          declaredField(APACHE5_MANAGER, "defaultSocketConfig")
              .absentIn(JarSet.APACHE52, JarSet.APACHE55, JarSet.APACHE56),
          declaredField(APACHE5_MANAGER, "validateAfterInactivity")
              .absentIn(JarSet.APACHE52, JarSet.APACHE55, JarSet.APACHE56),
          declaredField(APACHE5_MANAGER, "socketConfigResolver").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_MANAGER, "connectionConfigResolver").absentIn(JarSet.APACHE50),
          declaredField(APACHE5_MANAGER, "tlsConfigResolver").absentIn(JarSet.APACHE50),
          method(APACHE5_MANAGER, "resolveSocketConfig", 1).absentIn(JarSet.APACHE50),
          method(APACHE5_MANAGER, "resolveConnectionConfig", 1).absentIn(JarSet.APACHE50),
          method(APACHE5_MANAGER, "resolveTlsConfig", 1).absentIn(JarSet.APACHE50),
          declaredField(APACHE5_OPERATOR, "schemePortResolver"),
          declaredField(APACHE5_OPERATOR, "dnsResolver"),
          declaredField(APACHE5_OPERATOR, "socketFactoryRegistry").absentIn(JarSet.APACHE55, JarSet.APACHE56),
          declaredField(APACHE5_OPERATOR, "tlsSocketStrategyLookup").absentIn(JarSet.APACHE50, JarSet.APACHE52),
          declaredField(APACHE5_OPERATOR, "detachedSocketFactory").absentIn(JarSet.APACHE50, JarSet.APACHE52),
          declaredField(APACHE5_OPERATOR, "PLAIN_SOCKET_FACTORY").absentIn(JarSet.APACHE50, JarSet.APACHE52),
          declaredField("org.apache.hc.core5.pool.StrictConnPool", "timeToLive"),
          declaredField("org.apache.hc.core5.pool.StrictConnPool", "policy"),
          // Apache5Errors: the pool timeouts it recognises by class name
          type("org.apache.hc.core5.util.DeadlineTimeoutException"),
          type("org.apache.hc.core5.http.ConnectionRequestTimeoutException")),
      ClientFamily.URLCONNECTION, List.of(
          // UrlConnectionInstrumentation: preloaded, then transformed
          method(JDK_CLIENT, "New", 5, 0, "java.net.URL", 1, "java.net.Proxy"),
          method(JDK_CLIENT, "openServer", 2, 0, "java.lang.String"),
          method(JDK_CLIENT, "closeServer", 0),
          method(JDK_CLIENT, "getKeepAliveTimeout", 0),
          method(JDK_CLIENT, "parseHTTP", -1, 0, "sun.net.www.MessageHeader"),
          method(JDK_HTTPS_CLIENT, "New", 7, 0, "javax.net.ssl.SSLSocketFactory"),
          method(JDK_CACHE, "put", 3, 0, "java.net.URL"),
          method(JDK_CACHE, "getMaxConnections", 0),
          method(JDK_CACHE, "get", 2, 0, "java.net.URL"),
          method(JDK_STREAM, "hurry", 0),
          method(JDK_CONNECTION, "getInputStream0", 0),
          method(JDK_CONNECTION + "$ErrorStream", "getErrorStream", 3, 0, "java.io.InputStream"),
          method(HTTPS_CONNECTION, "getDefaultSSLSocketFactory", 0),
          // the advice's @Advice.FieldValue names
          field(JDK_CLIENT, "serverSocket"),
          field(JDK_CLIENT, "url"),
          field(JDK_STREAM, "in"),
          field(JDK_STREAM, "hurried"),
          field(JDK_STREAM, "closed"),
          field(JDK_STREAM, "expected"),
          field(JDK_STREAM, "count"),
          field(JDK_STREAM, "hc"),
          field(JDK_CONNECTION, "inputStream"),
          field(JDK_CONNECTION, "rememberedException"),
          field(JDK_CONNECTION, "http"),
          field(JDK_CONNECTION, "responseCode"),
          field(HTTPS_CONNECTION, "defaultSSLSocketFactory"),
          // JdkHttpInternals (bootstrap): what advice inlined into java.base calls reflectively
          method(JDK_CLIENT, "getInputStream", 0),
          method(JDK_CLIENT, "isKeepingAlive", 0),
          method(JDK_CLIENT, "finished", 0),
          method("sun.net.www.http.Hurryable", "hurry", 0),
          method("sun.net.www.MessageHeader", "findValue", 1, 0, "java.lang.String"),
          method("sun.net.NetworkClient", "getReadTimeout", 0),
          method("sun.net.NetworkClient", "setReadTimeout", 1, 0, "int")),
      ClientFamily.JDKHTTP, List.of(
          // JdkHttpInstrumentation: transformed, its fields compared with what the advice reads
          type(JDK_HTTP_BUILDER),
          method(JDK_HTTP_BUILDER, "build", 0),
          // the advice's @Advice.FieldValue names
          declaredField(JDK_HTTP_BUILDER, "cookieHandler"),
          declaredField(JDK_HTTP_BUILDER, "connectTimeout"),
          declaredField(JDK_HTTP_BUILDER, "followRedirects"),
          declaredField(JDK_HTTP_BUILDER, "proxy"),
          declaredField(JDK_HTTP_BUILDER, "authenticator"),
          declaredField(JDK_HTTP_BUILDER, "version"),
          declaredField(JDK_HTTP_BUILDER, "executor"),
          declaredField(JDK_HTTP_BUILDER, "sslContext"),
          declaredField(JDK_HTTP_BUILDER, "sslParams"),
          declaredField(JDK_HTTP_BUILDER, "priority"),
          declaredField(JDK_HTTP_BUILDER, "localAddr").presentFromJdk(19),
          // SharedHttpClients, ClientSettings: looked up where present
          publicMethod("java.net.http.HttpClient", "shutdown").presentFromJdk(21),
          publicMethod("javax.net.ssl.SSLParameters", "getSignatureSchemes").presentFromJdk(19),
          publicMethod("javax.net.ssl.SSLParameters", "getNamedGroups").presentFromJdk(20),
          // JdkHttpInstrumentation's connection advice (connection metrics, JDK 17 and 25), looked up by name first
          method(JDK_HTTP_INTERNALS + "HttpConnection", "getConnection", 4),
          method(JDK_HTTP_INTERNALS + "ConnectionPool", "returnToPool", 3),
          method(JDK_HTTP_INTERNALS + "Http2ClientImpl", "getConnectionFor", 2),
          constructor(JDK_HTTP_INTERNALS + "PlainHttpConnection", -1),
          declaredField(JDK_HTTP_INTERNALS + "PlainHttpConnection", "chan", "java.nio.channels.SocketChannel")));

  /**
   * Strings in the agent's instrumentation that look like a library's class or member name but reach none, each
   * with what it is.
   */
  static final Map<String, String> NOT_REACHED = Map.of(
      "sun.net.http.errorstream.enableBuffering", "a system property of the JDK's HttpURLConnection",
      "org.apache.hc.client5", "the package whose version.properties the agent logs (VersionInfo)",
      "idle", "the reason of an eviction in the agent's metrics",
      "closed", "the message of the IOException a shut-down java.net.http.HttpClient fails a request with",
      "shutdownNow", "the message of the IOException java.net.http.HttpClient.shutdownNow() fails requests with",
      // outside the tested jar sets: the AppMadePoolsAcceptanceTest aws-sdk-apache5 cell runs the real SDK, and
      // fails (a connection per call) if a renamed class keeps its manager apart
      "software.amazon.awssdk.http.apache5.internal.conn.SafePoolingHttpClientConnectionManager",
      "the AWS SDK apache5-client's manager subclass, shared by Apache5 Interchangeable",
      "software.amazon.awssdk.http.apache5.internal.conn.SafeStrictConnPool", "that manager's pool",
      "software.amazon.awssdk.http.apache5.internal.conn.SafePoolingHttpClientConnectionManagerBuilder$$Lambda",
      "the prefix of that manager's builder's constant configuration resolvers");

  private ReachedByName() {}

  static List<NamedMember> of(ClientFamily family) {
    return BY_FAMILY.get(family);
  }
}
