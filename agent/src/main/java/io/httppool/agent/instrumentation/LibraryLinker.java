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
 * @param <T> the library-agnostic interface the linked class implements
 */
public final class LibraryLinker<T> {
  private static final Object FAILED = new Object();

  private final Class<T> supportInterface;
  private final String linkedClassName;
  private final Object context;
  private final Map<ClassLoader, Object> supportByLoader = new WeakHashMap<>();
  private Object bootstrapSupport;

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
    return forLoader(libraryObject.getClass().getClassLoader());
  }

  public synchronized T forLoader(ClassLoader loader) {
    Object support = loader == null ? bootstrapSupport : supportByLoader.get(loader);
    if (support == null) {
      support = link(loader);
      if (loader == null) {
        bootstrapSupport = support;
      } else {
        supportByLoader.put(loader, support);
      }
    }
    return support == FAILED ? null : supportInterface.cast(support);
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
