package io.httppool.agent.instrumentation.apache4async;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.LibraryLinker;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache HttpAsyncClient 4.1.x, part of the {@code apache4} family (same switch, same {@code httppool.client}):
 * a client built without a connection manager runs, in the library's own shared-manager mode, on one agent-owned
 * pooling manager and I/O reactor per connection configuration; every {@code PoolingNHttpClientConnectionManager}
 * reports its leases and state; every request reports its duration and outcome. Installed by
 * {@code Apache4Instrumentation}, so that {@code apache4.enabled} turns both off.
 */
public final class Apache4AsyncInstrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int BUILD_STARTING = 230;
  static final int BUILD_FINISHED = 231;
  static final int CONNECTION_REQUESTED = 232;
  static final int LEASE_TIMEOUT = 233;
  static final int REQUEST_STARTING = 234;

  private static final Logger log = LoggerFactory.getLogger(Apache4AsyncInstrumentation.class);
  private static final String CLIENT = "org.apache.http.impl.nio.client.";

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
    HookBinder<Apache4AsyncSupport> hooks = HookBinder.linkedBy(new LibraryLinker<>(Apache4AsyncSupport.class,
        "io.httppool.agent.instrumentation.apache4async.linked.LinkedApache4AsyncSupport", context,
        Apache4AsyncInstrumentation::isSupportedVersion));
    hooks.call(BUILD_STARTING, "apache4 async client build", Apache4AsyncSupport::buildStarting);
    hooks.run(BUILD_FINISHED, "apache4 async client build", Apache4AsyncSupport::buildFinished);
    hooks.call(CONNECTION_REQUESTED, "apache4 async connection request", Apache4AsyncSupport::connectionRequested);
    hooks.number(LEASE_TIMEOUT, "apache4 async lease timeout",
        (support, manager, timeoutMillis, fallback) -> support.leaseTimeoutMillis(manager, timeoutMillis));
    hooks.call(REQUEST_STARTING, "apache4 async request", Apache4AsyncSupport::requestStarting);
    return agentBuilder
        .type(named(CLIENT + "HttpAsyncClientBuilder"))
        .transform(advice().advice(named("build").and(takesArguments(0)), AsyncBuildAdvice.class.getName()))
        .type(named("org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager"))
        .transform(advice().advice(named("requestConnection").and(takesArguments(6))
                .and(takesArgument(0, named("org.apache.http.conn.routing.HttpRoute"))),
            AsyncLeaseAdvice.class.getName()))
        .type(named(CLIENT + "InternalHttpAsyncClient"))
        .transform(advice().advice(named("execute").and(takesArguments(4))
                .and(takesArgument(0, named("org.apache.http.nio.protocol.HttpAsyncRequestProducer"))),
            AsyncExecuteAdvice.class.getName()));
  }

  /** 4.0.x has no shared-manager mode in its builder: left untouched, without linking or counting an error. */
  private static boolean isSupportedVersion(ClassLoader loader) {
    try {
      Class.forName(CLIENT + "HttpAsyncClientBuilder", false, loader).getDeclaredField("connManagerShared");
      return true;
    } catch (ClassNotFoundException | NoSuchFieldException | LinkageError e) {
      log.debug("HttpAsyncClient before 4.1 in {}: left untouched", loader);
      return false;
    }
  }

  private static AgentBuilder.Transformer.ForAdvice advice() {
    return new AgentBuilder.Transformer.ForAdvice().include(Apache4AsyncInstrumentation.class.getClassLoader());
  }
}
