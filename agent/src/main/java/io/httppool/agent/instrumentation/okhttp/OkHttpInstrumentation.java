package io.httppool.agent.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.bootstrap.OkHttpBridge;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * OkHttp 3.x, 4.x and 5.x: every client the application leaves with its default pool gets the shared pool,
 * every client reports its calls through an event listener chained in front of the application's own, and a
 * pooled connection the server has closed, or is about to close, is not handed out again.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {
  @Override
  public Client client() {
    return Client.OKHTTP;
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    OkHttpBridge.install(new OkHttpHooks(context));
    ClassLoader agentLoader = OkHttpInstrumentation.class.getClassLoader();
    return agentBuilder
        .type(named("okhttp3.OkHttpClient"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(isConstructor().and(takesArguments(1))
                    .and(takesArgument(0, named("okhttp3.OkHttpClient$Builder"))),
                OkHttpClientConstructorAdvice.class.getName()))
        .type(named("okhttp3.OkHttpClient$Builder"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("connectionPool").and(takesArguments(1))
                    .and(takesArgument(0, named("okhttp3.ConnectionPool"))),
                ConnectionPoolSetterAdvice.class.getName()))
        .type(named("okhttp3.internal.connection.RealConnection"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("isHealthy").and(takesArguments(1)).and(takesArgument(0, boolean.class)),
                ConnectionHealthAdvice.class.getName()));
  }
}
