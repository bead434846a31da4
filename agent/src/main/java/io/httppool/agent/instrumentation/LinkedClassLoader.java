package io.httppool.agent.instrumentation;

import io.httppool.bootstrap.AgentClassLoader;

/**
 * Loads the classes of one instrumentation package that are compiled against a client library, linking them to
 * the copy of that library in one application class loader. Names in the linked package are defined here from
 * the agent jar; other agent names come from the agent loader; everything else (the library, the JDK) comes
 * from the application's loader. The application's loader itself is never modified.
 */
final class LinkedClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final ClassLoader applicationLoader;
  private final AgentClassLoader agentLoader;
  private final String linkedPackage;

  LinkedClassLoader(ClassLoader applicationLoader, AgentClassLoader agentLoader, String linkedPackage) {
    super(null);
    this.applicationLoader = applicationLoader;
    this.agentLoader = agentLoader;
    this.linkedPackage = linkedPackage.endsWith(".") ? linkedPackage : linkedPackage + ".";
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        if (name.startsWith(linkedPackage)) {
          loaded = defineLinked(name);
        } else if (name.startsWith("io.httppool.")) {
          loaded = agentLoader.loadClass(name);
        } else if (applicationLoader != null) {
          loaded = applicationLoader.loadClass(name);
        } else {
          loaded = Class.forName(name, false, null);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> defineLinked(String name) throws ClassNotFoundException {
    byte[] bytes = agentLoader.classBytes(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length, agentLoader.getClass().getProtectionDomain());
  }
}
