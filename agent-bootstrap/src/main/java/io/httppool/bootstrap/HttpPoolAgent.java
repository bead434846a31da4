package io.httppool.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class}. It checks that it runs from its own jar, puts that jar on the bootstrap class
 * path (which makes the bridges visible to advice in every class loader), and hands over to the isolated
 * agent. Any failure leaves the application running without the agent.
 */
public final class HttpPoolAgent {
  static final String INSTALLER_ENTRY = AgentClassLoader.PREFIX + "io/httppool/agent/Installer.classdata";

  private HttpPoolAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  private static void start(String arguments, Instrumentation instrumentation) {
    try {
      File agentJar = ownJar();
      String problem = checkOwnJar(agentJar);
      if (problem != null) {
        AgentLog.error(problem + "; the agent is not started");
        return;
      }
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
      Class<?> starter = Class.forName(AgentStarter.class.getName(), true, null);
      starter.getMethod("start", Instrumentation.class, File.class, String.class)
          .invoke(null, instrumentation, agentJar, arguments);
    } catch (Throwable t) {
      AgentLog.log(AgentLog.ERROR, "the agent could not start, the application runs without it", t);
    }
  }

  private static File ownJar() throws URISyntaxException {
    CodeSource source = HttpPoolAgent.class.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? null : new File(source.getLocation().toURI());
  }

  /** Returns why this is not the agent's own jar, or null when it is. */
  static String checkOwnJar(File agentJar) {
    if (agentJar == null || !agentJar.isFile()) {
      return "httppool must be attached as its own jar (-javaagent:httppool-agent.jar), found it at " + agentJar;
    }
    try (JarFile jar = new JarFile(agentJar, false)) {
      String premain = jar.getManifest() == null ? null
          : jar.getManifest().getMainAttributes().getValue(new Attributes.Name("Premain-Class"));
      if (!HttpPoolAgent.class.getName().equals(premain) || jar.getJarEntry(INSTALLER_ENTRY) == null) {
        return agentJar.getName() + " is not httppool-agent.jar as built (was it unpacked into another jar?); "
            + "attach the original jar with -javaagent";
      }
      return null;
    } catch (Exception e) {
      return "cannot read " + agentJar + ": " + e;
    }
  }
}
