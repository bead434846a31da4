package io.httppool.agent.instrumentation.apache5;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.bootstrap.Apache5Bridge;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Apache HttpClient 5.x, classic and async. A classic client built without its own connection manager draws
 * from the shared pooling manager; an async client built without one gets its own manager with the agent's
 * limits (an async connection belongs to the I/O reactor of the client that opened it, so it cannot be shared).
 * Every pooling manager, the application's own included, is observed.
 */
public final class Apache5Instrumentation implements InstrumentationModule {
  private static final String CLASSIC = "org.apache.hc.client5.http.impl.classic.";
  private static final String IO = "org.apache.hc.client5.http.impl.io.";
  private static final String NIO = "org.apache.hc.client5.http.impl.nio.";
  private static final String ASYNC = "org.apache.hc.client5.http.impl.async.";

  @Override
  public Client client() {
    return Client.APACHE5;
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    Apache5Bridge.install(new Apache5Hooks(context));
    ClassLoader agentLoader = Apache5Instrumentation.class.getClassLoader();
    return agentBuilder
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
                LeaseAdvice.class.getName()))
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
