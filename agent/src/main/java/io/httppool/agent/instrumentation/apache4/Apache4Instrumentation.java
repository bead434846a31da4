package io.httppool.agent.instrumentation.apache4;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.LibraryClasses;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.agent.instrumentation.apache.ClassicRequest;
import io.httppool.agent.instrumentation.apache4async.Apache4AsyncInstrumentation;
import io.httppool.agent.instrumentation.apache.StableAnswers;
import io.httppool.agent.instrumentation.apache.VersionInfoAdvice;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache HttpClient 4.3 to 4.5: clients built without a connection manager (the builder, {@code createMinimal()},
 * legacy {@code DefaultHttpClient}) draw from a shared pooling manager for their connection settings; every
 * {@code PoolingHttpClientConnectionManager}, shared or the application's, reports leases and pool state; the
 * stale-connection guard checks idle connections of shared managers before reuse, and clients from the builder get
 * the agent's stale retry below the library's own. HttpAsyncClient 4.1.x, in the same family, is
 * {@link Apache4AsyncInstrumentation}'s.
 */
public final class Apache4Instrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int BUILD_STARTING = 200;
  static final int BUILD_FINISHED = 201;
  static final int CREATE_MINIMAL = 202;
  static final int MANAGER_CREATED = 203;
  static final int CONNECTION_STATE = 204;
  static final int CONNECTION_REQUESTED = 205;
  static final int CONNECTION_RELEASED = 206;
  static final int MAIN_EXEC_DECORATED = 207;
  static final int REQUEST_FINISHED = 208;
  static final int LEGACY_MANAGER_CREATED = 209;
  static final int HANDLE_LEASE = 210;
  static final int HANDLE_SHUTDOWN = 211;
  static final int HANDLE_CLOSE_IDLE = 212;
  static final int HANDLE_CLOSE_EXPIRED = 213;
  static final int HANDLE_STATS = 214;
  static final int LIBRARY_TLS_FACTORY = 215;
  static final int REQUEST_STARTING = 216;

  private static final Logger log = LoggerFactory.getLogger(Apache4Instrumentation.class);
  private static final String PACKAGE = "org.apache.http.impl.";
  private static final String POOLING_MANAGER = PACKAGE + "conn.PoolingHttpClientConnectionManager";

  @Override
  public Client client() {
    return Client.APACHE4;
  }

  @Override
  public String[] classNamePrefixes() {
    return new String[] {"org.apache.http."};
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    HookBinder<Apache4Support> hooks = HookBinder.linkedBy(new LibraryLinker<>(Apache4Support.class,
        "io.httppool.agent.instrumentation.apache4.linked.LinkedApache4Support", context,
        Apache4Instrumentation::isSupportedVersion));
    hooks.call(BUILD_STARTING, "apache4 client build", Apache4Support::buildStarting);
    hooks.run(BUILD_FINISHED, "apache4 client build", Apache4Support::buildFinished);
    hooks.call(CREATE_MINIMAL, "apache4 minimal client", (support, httpClients) -> support.createMinimal());
    hooks.run(MANAGER_CREATED, "apache4 connection manager", Apache4Support::managerCreated);
    hooks.call(CONNECTION_STATE, "apache4 connection state", Apache4Support::connectionState);
    hooks.call(CONNECTION_REQUESTED, "apache4 connection request", Apache4Support::connectionRequested);
    hooks.bind(CONNECTION_RELEASED, "apache4 connection release", (support, manager, connection, state, timeUnit,
        unused, unusedToo, keepAlive) -> support.connectionReleased(manager, connection, state, keepAlive, timeUnit));
    hooks.call(MAIN_EXEC_DECORATED, "apache4 exec chain", Apache4Support::mainExecDecorated);
    hooks.call(REQUEST_STARTING, "apache4 request",
        (support, client, target, request) -> support.requestStarting(target, request));
    ClassicRequest.bindFinished(REQUEST_FINISHED, "apache4 request");
    hooks.call(LEGACY_MANAGER_CREATED, "apache4 legacy connection manager", Apache4Support::legacyManagerCreated);
    hooks.call(HANDLE_LEASE, "apache4 shared-pool handle lease", Apache4Support::handleLease);
    hooks.run(HANDLE_SHUTDOWN, "apache4 shared-pool handle shutdown", Apache4Support::handleShutdown);
    hooks.bind(HANDLE_CLOSE_IDLE, "apache4 shared-pool handle close idle", (support, manager, timeUnit, unused,
        unusedToo, unusedThree, unusedFour, idle) -> {
      support.handleCloseIdle(manager, idle, timeUnit);
      return null;
    });
    hooks.run(HANDLE_CLOSE_EXPIRED, "apache4 shared-pool handle close expired", Apache4Support::handleCloseExpired);
    hooks.call(HANDLE_STATS, "apache4 shared-pool handle stats", Apache4Support::handleStats);
    hooks.run(LIBRARY_TLS_FACTORY, "apache4 TLS socket factory", Apache4Support::libraryTlsFactory);
    StableAnswers.bind();
    AgentBuilder withAsync = new Apache4AsyncInstrumentation().extend(agentBuilder, context);
    return withAsync
        .type(named("org.apache.http.util.VersionInfo"))
        .transform(advice().advice(StableAnswers.versionInfo("getUserAgent"), VersionInfoAdvice.class.getName()))
        .type(named(PACKAGE + "client.HttpClientBuilder"))
        .transform(advice()
            .advice(named("build").and(takesArguments(0)), BuilderBuildAdvice.class.getName())
            .advice(named("decorateMainExec").and(takesArguments(1)), DecorateMainExecAdvice.class.getName()))
        .type(named(PACKAGE + "client.HttpClients"))
        .transform(advice()
            .advice(named("createMinimal").and(isStatic()).and(takesArguments(0)),
                CreateMinimalAdvice.class.getName()))
        .type(named(POOLING_MANAGER))
        .transform(advice()
            .advice(isConstructor(), ManagerConstructorAdvice.class.getName())
            .advice(named("requestConnection").and(takesArguments(2))
                    .and(takesArgument(0, named("org.apache.http.conn.routing.HttpRoute"))),
                RequestConnectionAdvice.class.getName())
            .advice(named("releaseConnection").and(takesArguments(4))
                    .and(takesArgument(0, named("org.apache.http.HttpClientConnection"))),
                ReleaseConnectionAdvice.class.getName())
            .advice(named("shutdown").and(takesArguments(0)), HandleShutdownAdvice.class.getName())
            .advice(named("closeIdleConnections").and(takesArguments(2)), HandleCloseIdleAdvice.class.getName())
            .advice(named("closeExpiredConnections").and(takesArguments(0)),
                HandleCloseExpiredAdvice.class.getName())
            .advice(named("getTotalStats").and(takesArguments(0)), HandleStatsAdvice.class.getName())
            .advice(named("getStats").and(takesArguments(1))
                    .and(takesArgument(0, named("org.apache.http.conn.routing.HttpRoute"))),
                HandleRouteStatsAdvice.class.getName()))
        .type(named("org.apache.http.conn.ssl.SSLConnectionSocketFactory"))
        .transform(advice()
            .advice(namedOneOf("getSocketFactory", "getSystemSocketFactory").and(isStatic()).and(takesArguments(0)),
                TlsFactoryAdvice.class.getName()))
        .type(namedOneOf(PACKAGE + "client.InternalHttpClient", PACKAGE + "client.MinimalHttpClient",
            PACKAGE + "client.AbstractHttpClient"))
        .transform(advice()
            .advice(named("doExecute").and(takesArguments(3))
                    .and(takesArgument(0, named("org.apache.http.HttpHost"))),
                DoExecuteAdvice.class.getName())
            // declared by AbstractHttpClient only; overriders (SystemDefaultHttpClient) keep their own manager
            .advice(named("createClientConnectionManager").and(takesArguments(0)),
                LegacyManagerAdvice.class.getName()));
  }

  /** HttpClient before 4.3 (no HttpClientBuilder) is left untouched, without linking or counting an error. */
  private static boolean isSupportedVersion(ClassLoader loader) {
    if (LibraryClasses.present("org.apache.http.impl.client.HttpClientBuilder", loader)) {
      return true;
    }
    log.debug("HttpClient before 4.3 in {}: left untouched", loader);
    return false;
  }

  private static AgentBuilder.Transformer.ForAdvice advice() {
    return new AgentBuilder.Transformer.ForAdvice().include(Apache4Instrumentation.class.getClassLoader());
  }
}
