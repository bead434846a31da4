package io.httppool.agent.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.LibraryLinker;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * OkHttp 3.x, 4.x and 5.x: every client the application leaves with its default pool gets the shared pool, and a
 * pool the application chose becomes a handle onto it when interchangeable; every client reports its calls through
 * an event listener chained in front of the application's own, and a pooled connection the server has closed, or
 * is about to close, is not handed out again.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int CLIENT_CREATING = 100;
  static final int POOL_CHOSEN = 101;
  static final int MAY_REUSE = 102;

  @Override
  public Client client() {
    return Client.OKHTTP;
  }

  @Override
  public String[] classNamePrefixes() {
    return new String[] {"okhttp3."};
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    HookBinder<OkHttpSupport> hooks = HookBinder.linkedBy(new LibraryLinker<>(OkHttpSupport.class,
        "io.httppool.agent.instrumentation.okhttp.linked.LinkedOkHttpSupport", context));
    hooks.run(CLIENT_CREATING, "okhttp client creation", OkHttpSupport::clientCreating);
    hooks.run(POOL_CHOSEN, "okhttp connection pool", OkHttpSupport::poolChosen);
    hooks.call(MAY_REUSE, "okhttp connection health check", OkHttpSupport::mayReuse);
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
