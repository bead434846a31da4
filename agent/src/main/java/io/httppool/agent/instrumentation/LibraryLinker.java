package io.httppool.agent.instrumentation;

import io.httppool.bootstrap.AgentClassLoader;
import io.httppool.bootstrap.AgentStarter;
import io.httppool.bootstrap.AgentStatus;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Predicate;

/**
 * Gives, for each application class loader that holds a client library, one instance of that library's linked
 * support class (see {@link LinkedClassLoader}). Looked up once per client or pool creation, never per request.
 *
 * <p>The lookup by object is lock-free after the first call for a class, so it serves hooks on the request path. A support references its application
 * class loader, so a class loader that links once stays alive with the agent (an application server that
 * redeploys keeps one support per deployment that made HTTP calls).
 *
 * @param <T> the library-agnostic interface the linked class implements
 */
public final class LibraryLinker<T> {
  private static final Object FAILED = new Object();
  private static final Object NOT_SUPPORTED = new Object();

  private final Class<T> supportInterface;
  private final String linkedClassName;
  private final Object context;
  private final Predicate<ClassLoader> supportedVersion;
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
    this(supportInterface, linkedClassName, context, loader -> true);
  }

  /**
   * @param supportedVersion whether the library in a class loader is a version the linked class supports; one
   *     that is not is left untouched, and no error is counted
   */
  public LibraryLinker(Class<T> supportInterface, String linkedClassName, Object context,
      Predicate<ClassLoader> supportedVersion) {
    this.supportInterface = supportInterface;
    this.linkedClassName = linkedClassName;
    this.context = context;
    this.supportedVersion = supportedVersion;
  }

  /**
   * The support for the library that {@code libraryObject} comes from (an instance of one of its classes, or one
   * of its classes itself), or null if it cannot link.
   */
  public T forObject(Object libraryObject) {
    Class<?> libraryClass = libraryObject instanceof Class ? (Class<?>) libraryObject : libraryObject.getClass();
    Object support = supportByClass.get(libraryClass);
    return support == FAILED || support == NOT_SUPPORTED ? null : supportInterface.cast(support);
  }

  private synchronized Object supportForLoader(ClassLoader loader) {
    Object support = supportByLoader.get(loader);
    if (support == null) {
      support = supportedVersion.test(loader) ? link(loader) : NOT_SUPPORTED;
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
