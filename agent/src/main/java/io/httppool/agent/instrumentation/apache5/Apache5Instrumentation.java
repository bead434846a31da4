package io.httppool.agent.instrumentation.apache5;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.agent.instrumentation.apache.ClassPresenceAdvice;
import io.httppool.agent.instrumentation.apache.ClassicRequest;
import io.httppool.agent.instrumentation.apache.StableAnswers;
import io.httppool.agent.instrumentation.apache.VersionInfoAdvice;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Apache HttpClient 5.x, classic and async. A classic client built without its own connection manager draws
 * from the shared pooling manager; an async client built without one runs on a shared engine (I/O reactor and
 * pool: an async connection belongs to the reactor that opened it), or, with reactor or connection settings of its
 * own, gets its own manager with the agent's limits. Every pooling manager, the application's own included, is
 * observed.
 */
public final class Apache5Instrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int BUILD_STARTING = 300;
  static final int BUILD_FINISHED = 301;
  static final int MINIMAL_CLIENT_CREATED = 302;
  static final int MANAGER_CREATED = 303;
  static final int LEASED = 304;
  static final int ASYNC_LEASING = 305;
  static final int ASYNC_LEASE_TIMEOUT = 306;
  static final int REQUEST_STARTING = 307;
  static final int REQUEST_FINISHED = 308;
  static final int HANDLE_LEASE = 309;
  static final int HANDLE_RELEASE = 310;
  static final int HANDLE_CLOSED = 311;
  static final int HANDLE_CLOSE_IDLE = 312;
  static final int HANDLE_CLOSE_EXPIRED = 313;
  static final int HANDLE_STATS = 314;
  static final int LIBRARY_TLS_FACTORY = 315;
  static final int ASYNC_CLIENT_STARTING = 316;

  private static final String CLASSIC = "org.apache.hc.client5.http.impl.classic.";
  private static final String IO = "org.apache.hc.client5.http.impl.io.";
  private static final String NIO = "org.apache.hc.client5.http.impl.nio.";
  private static final String ASYNC = "org.apache.hc.client5.http.impl.async.";
  private static final String SSL = "org.apache.hc.client5.http.ssl.";
  private static final String APACHE5_ENTITY = "org.apache.hc.client5.http.entity.";

  @Override
  public Client client() {
    return Client.APACHE5;
  }

  @Override
  public String[] classNamePrefixes() {
    return new String[] {"org.apache.hc."};
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    HookBinder<Apache5Support> hooks = HookBinder.linkedBy(new LibraryLinker<>(Apache5Support.class,
        "io.httppool.agent.instrumentation.apache5.linked.LinkedApache5Support", context));
    hooks.call(BUILD_STARTING, "apache5 client build", Apache5Support::buildStarting);
    hooks.run(BUILD_FINISHED, "apache5 client build", Apache5Support::buildFinished);
    hooks.call(MINIMAL_CLIENT_CREATED, "apache5 minimal client", Apache5Support::minimalClientCreated);
    hooks.run(MANAGER_CREATED, "apache5 connection manager", Apache5Support::managerCreated);
    hooks.call(LEASED, "apache5 lease", Apache5Support::leased);
    hooks.call(ASYNC_LEASING, "apache5 async lease", Apache5Support::asyncLeasing);
    hooks.call(ASYNC_LEASE_TIMEOUT, "apache5 async lease", Apache5Support::asyncLeaseTimeout);
    hooks.call(REQUEST_STARTING, "apache5 request",
        (support, client, target, request) -> support.requestStarting(target, request));
    ClassicRequest.bindFinished(REQUEST_FINISHED, "apache5 request");
    hooks.call(HANDLE_LEASE, "apache5 shared-pool handle lease", Apache5Support::handleLease);
    hooks.bind(HANDLE_RELEASE, "apache5 shared-pool handle release", (support, manager, endpoint, state, keepAlive,
        unused, unusedToo, unusedThree) -> support.handleRelease(manager, endpoint, state, keepAlive));
    hooks.run(HANDLE_CLOSED, "apache5 shared-pool handle close", Apache5Support::handleClosed);
    hooks.run(HANDLE_CLOSE_IDLE, "apache5 shared-pool handle close idle", Apache5Support::handleCloseIdle);
    hooks.run(HANDLE_CLOSE_EXPIRED, "apache5 shared-pool handle close expired", Apache5Support::handleCloseExpired);
    hooks.call(HANDLE_STATS, "apache5 shared-pool handle stats", Apache5Support::handleStats);
    hooks.run(LIBRARY_TLS_FACTORY, "apache5 TLS socket factory", Apache5Support::libraryTlsFactory);
    hooks.call(ASYNC_CLIENT_STARTING, "apache5 async client start", Apache5Support::asyncClientStarting);
    StableAnswers.bind();
    ClassLoader agentLoader = Apache5Instrumentation.class.getClassLoader();
    return agentBuilder
        .type(named("org.apache.hc.core5.util.VersionInfo"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(StableAnswers.versionInfo("getSoftwareInfo"), VersionInfoAdvice.class.getName()))
        .type(named(APACHE5_ENTITY + "BrotliDecompressingEntity"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("isAvailable").and(isStatic()).and(takesArguments(0)).and(returns(boolean.class)),
                ClassPresenceAdvice.class.getName()))
        .type(namedOneOf(CLASSIC + "HttpClientBuilder", ASYNC + "HttpAsyncClientBuilder"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("build").and(takesArguments(0)), BuildAdvice.class.getName()))
        .type(named(CLASSIC + "HttpClients"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("createMinimal").and(takesArguments(0)), MinimalClientAdvice.class.getName()))
        .type(named(IO + "PoolingHttpClientConnectionManager"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(isConstructor(), ManagerConstructorAdvice.class.getName())
            .advice(named("lease").and(takesArguments(4))
                    .and(takesArgument(2, named("org.apache.hc.core5.util.Timeout"))),
                LeaseAdvice.class.getName())
            .advice(named("release").and(takesArguments(3))
                    .and(takesArgument(0, named("org.apache.hc.client5.http.io.ConnectionEndpoint"))),
                HandleReleaseAdvice.class.getName())
            .advice(named("close").and(takesArguments(1)), HandleCloseAdvice.class.getName())
            .advice(named("closeIdle").and(takesArguments(1)), HandleCloseIdleAdvice.class.getName())
            .advice(named("closeExpired").and(takesArguments(0)), HandleCloseExpiredAdvice.class.getName())
            .advice(named("getTotalStats").and(takesArguments(0))
                    .or(named("getStats").and(takesArgument(0, named("org.apache.hc.client5.http.HttpRoute")))),
                HandleStatsAdvice.class.getName()))
        .type(namedOneOf(SSL + "SSLConnectionSocketFactory", SSL + "DefaultClientTlsStrategy"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(namedOneOf("getSocketFactory", "getSystemSocketFactory", "createDefault", "getDefault",
                    "createSystemDefault", "getSystemDefault").and(isStatic()).and(takesArguments(0)),
                TlsFactoryAdvice.class.getName()))
        .type(named(ASYNC + "AbstractHttpAsyncClientBase"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("start").and(takesArguments(0)), AsyncClientStartAdvice.class.getName()))
        .type(named(NIO + "PoolingAsyncClientConnectionManager"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(isConstructor(), ManagerConstructorAdvice.class.getName())
            .advice(named("lease").and(takesArguments(5))
                    .and(takesArgument(4, named("org.apache.hc.core5.concurrent.FutureCallback"))),
                AsyncLeaseAdvice.class.getName()))
        .type(namedOneOf(CLASSIC + "InternalHttpClient", CLASSIC + "MinimalHttpClient"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("doExecute").and(takesArguments(3)), ExecuteAdvice.class.getName()));
  }
}
