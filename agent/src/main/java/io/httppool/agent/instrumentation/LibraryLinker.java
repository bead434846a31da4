package io.httppool.agent.instrumentation;

import io.httppool.bootstrap.AgentClassLoader;
import io.httppool.bootstrap.AgentStarter;
import io.httppool.bootstrap.AgentStatus;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Gives, for each application class loader that holds a client library, one instance of that library's linked
 * support class (see {@link LinkedClassLoader}). Looked up once per client or pool creation, never per request.
 *
 * <p>The lookup by object is lock-free after the first call for a class. A support references its application
 * class loader, so a class loader that links once stays alive with the agent (an application server that
 * redeploys keeps one support per deployment that made HTTP calls).
 *
 * @param <T> the library-agnostic interface the linked class implements
 */
public final class LibraryLinker<T> {
  private static final Object FAILED = new Object();

  private final Class<T> supportInterface;
  private final String linkedClassName;
  private final Object context;
  private final Map<ClassLoader, Object> supportByLoader = new WeakHashMap<>();
  private final ClassValue<Object> supportByClass = new ClassValue<Object>() {
    @Override
    protected Object computeValue(Class<?> libraryClass) {
      return supportForLoader(libraryClass.getClassLoader());
    }
  };

  /**
   * @param linkedClassName a class in a package named {@code ...linked}, with a public constructor taking
   *     {@code context}'s type
   */
  public LibraryLinker(Class<T> supportInterface, String linkedClassName, Object context) {
    this.supportInterface = supportInterface;
    this.linkedClassName = linkedClassName;
    this.context = context;
  }

  /** The support for the library that {@code libraryObject}'s class comes from, or null if it cannot link. */
  public T forObject(Object libraryObject) {
    Object support = supportByClass.get(libraryObject.getClass());
    return support == FAILED ? null : supportInterface.cast(support);
  }

  /** The support for a class loader; prefer {@link #forObject}, which takes no lock. */
  public T forLoader(ClassLoader loader) {
    Object support = supportForLoader(loader);
    return support == FAILED ? null : supportInterface.cast(support);
  }

  private synchronized Object supportForLoader(ClassLoader loader) {
    Object support = supportByLoader.get(loader);
    if (support == null) {
      support = link(loader);
      supportByLoader.put(loader, support);
    }
    return support;
  }

  private Object link(ClassLoader loader) {
    try {
      AgentClassLoader agentLoader = AgentStarter.agentLoader();
      String linkedPackage = linkedClassName.substring(0, linkedClassName.lastIndexOf('.'));
      ClassLoader linked = new LinkedClassLoader(loader, agentLoader, linkedPackage);
      Class<?> type = Class.forName(linkedClassName, true, linked);
      return type.getConstructor(context.getClass()).newInstance(context);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("linking " + linkedClassName + " to the application's library", t);
      return FAILED;
    }
  }
}
