package io.httppool.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;

/** Runs from the bootstrap class path: creates the isolated agent class loader and calls the installer. */
public final class AgentStarter {
  private static final String SAFE_BYTE_BUDDY = "io.httppool.shaded.bytebuddy.safe";
  private static volatile AgentClassLoader agentLoader;

  private AgentStarter() {}

  public static synchronized void start(Instrumentation instrumentation, File agentJar, String arguments)
      throws Exception {
    if (agentLoader != null) {
      AgentLog.warn("the agent is attached twice; the second attach is ignored");
      return;
    }
    // the agent's (relocated) Byte Buddy reads this name; without it, JDK 24+ warns that it calls sun.misc.Unsafe
    if (System.getProperty(SAFE_BYTE_BUDDY) == null) {
      System.setProperty(SAFE_BYTE_BUDDY, "true");
    }
    agentLoader = new AgentClassLoader(agentJar);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(agentLoader);
    try {
      Class.forName("io.httppool.agent.Installer", true, agentLoader)
          .getMethod("install", Instrumentation.class, File.class, String.class)
          .invoke(null, instrumentation, agentJar, arguments);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The loader of the agent's own classes, or null before start. */
  public static AgentClassLoader agentLoader() {
    return agentLoader;
  }
}
