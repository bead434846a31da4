package io.httppool.agent.instrumentation;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import net.bytebuddy.agent.builder.AgentBuilder;

/** One client family: the classes it transforms and the hooks its advice calls through the dispatcher. */
public interface InstrumentationModule {
  Client client();

  /** Binds the family's hooks (see {@link HookBinder}) and adds its transformations. */
  AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context);
}
