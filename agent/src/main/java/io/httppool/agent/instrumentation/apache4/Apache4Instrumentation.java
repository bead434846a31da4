package io.httppool.agent.instrumentation.apache4;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.bootstrap.Apache4Bridge;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Apache HttpClient 4.3 to 4.5: clients built without a connection manager (the builder, {@code createMinimal()},
 * legacy {@code DefaultHttpClient}) draw from a shared pooling manager for their connection settings; every
 * {@code PoolingHttpClientConnectionManager}, shared or the application's, reports leases and pool state; the
 * stale-connection guard checks idle connections of shared managers before reuse, and clients from the builder get
 * the agent's stale retry below the library's own.
 */
public final class Apache4Instrumentation implements InstrumentationModule {
  private static final String PACKAGE = "org.apache.http.impl.";
  private static final String POOLING_MANAGER = PACKAGE + "conn.PoolingHttpClientConnectionManager";

  @Override
  public Client client() {
    return Client.APACHE4;
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    Apache4Bridge.install(new Apache4Hooks(context));
    return agentBuilder
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
                ReleaseConnectionAdvice.class.getName()))
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

  private static AgentBuilder.Transformer.ForAdvice advice() {
    return new AgentBuilder.Transformer.ForAdvice().include(Apache4Instrumentation.class.getClassLoader());
  }
}
