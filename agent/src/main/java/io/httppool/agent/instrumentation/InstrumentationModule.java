package io.httppool.agent.instrumentation;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import net.bytebuddy.agent.builder.AgentBuilder;

/** One client family: the classes it transforms and the hooks its advice calls through the dispatcher. */
public interface InstrumentationModule {
  Client client();

  /**
   * Name prefixes covering every class the family transforms, as narrow as they can be (every class named so is
   * described to Byte Buddy): the first class loaded with one of them installs the family. A class loaded earlier must not be one that {@link #extend} loads, which would then be loaded
   * while it is being loaded.
   */
  String[] classNamePrefixes();

  /**
   * Internal class names whose mention in a class being loaded installs the family, before that class runs: for a
   * family whose install loads classes that the first class loaded with one of its prefixes may need (the JDK's
   * own client), so that the install never runs while such a class is being loaded.
   */
  default String[] installWhenReferenced() {
    return new String[0];
  }

  /** Binds the family's hooks (see {@link HookBinder}) and adds its transformations. */
  AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context);
}
