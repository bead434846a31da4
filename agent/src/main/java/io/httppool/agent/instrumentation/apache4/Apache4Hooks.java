package io.httppool.agent.instrumentation.apache4;

import io.httppool.agent.AgentContext;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.bootstrap.Apache4Bridge;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each HttpClient 4.x hook to the support linked to the copy of HttpClient the calling object comes from.
 * Some hooks run per request, so the last class loader's support is remembered: almost every application has one
 * copy of HttpClient, and then no lookup takes the linker's lock.
 */
final class Apache4Hooks implements Apache4Bridge.Hooks {
  private static final class Linked {
    final ClassLoader loader;
    final Apache4Support support;

    Linked(ClassLoader loader, Apache4Support support) {
      this.loader = loader;
      this.support = support;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Apache4Hooks.class);

  private final LibraryLinker<Apache4Support> linker;
  private final Map<ClassLoader, Boolean> supportedByLoader = new WeakHashMap<>();
  private volatile Linked last;

  Apache4Hooks(AgentContext context) {
    linker = new LibraryLinker<>(Apache4Support.class,
        "io.httppool.agent.instrumentation.apache4.linked.LinkedApache4Support", context);
  }

  private Apache4Support support(Class<?> libraryClass) {
    ClassLoader loader = libraryClass.getClassLoader();
    Linked cached = last;
    if (cached != null && cached.loader == loader) {
      return cached.support;
    }
    Apache4Support support = isSupportedVersion(loader) ? linker.forLoader(loader) : null;
    last = new Linked(loader, support);
    return support;
  }

  /** HttpClient before 4.3 (no HttpClientBuilder) is left untouched, without linking or counting an error. */
  private synchronized boolean isSupportedVersion(ClassLoader loader) {
    Boolean supported = supportedByLoader.get(loader);
    if (supported == null) {
      try {
        Class.forName("org.apache.http.impl.client.HttpClientBuilder", false, loader);
        supported = Boolean.TRUE;
      } catch (ClassNotFoundException | LinkageError e) {
        log.debug("HttpClient before 4.3 in {}: left untouched", loader);
        supported = Boolean.FALSE;
      }
      supportedByLoader.put(loader, supported);
    }
    return supported;
  }

  private Apache4Support support(Object libraryObject) {
    return support(libraryObject.getClass());
  }

  @Override
  public Object buildStarting(Object builder) {
    Apache4Support support = support(builder);
    return support == null ? null : support.buildStarting(builder);
  }

  @Override
  public void buildFinished(Object builder, Object restore) {
    Apache4Support support = support(builder);
    if (support != null) {
      support.buildFinished(builder, restore);
    }
  }

  @Override
  public Object createMinimal(Class<?> httpClients) {
    Apache4Support support = support(httpClients);
    return support == null ? null : support.createMinimal();
  }

  @Override
  public void managerCreated(Object manager) {
    Apache4Support support = support(manager);
    if (support != null) {
      support.managerCreated(manager);
    }
  }

  @Override
  public Object connectionState(Object manager, Object route, Object state) {
    Apache4Support support = support(manager);
    return support == null ? state : support.connectionState(manager, route, state);
  }

  @Override
  public Object connectionRequested(Object manager, Object route, Object state, Object request) {
    Apache4Support support = support(manager);
    return support == null ? request : support.connectionRequested(manager, route, state, request);
  }

  @Override
  public void connectionReleased(Object manager, Object connection, Object state, long keepAlive,
      Object timeUnit) {
    Apache4Support support = support(manager);
    if (support != null) {
      support.connectionReleased(manager, connection, state, keepAlive, timeUnit);
    }
  }

  @Override
  public Object mainExecDecorated(Object builder, Object mainExec) {
    Apache4Support support = support(builder);
    return support == null ? mainExec : support.mainExecDecorated(builder, mainExec);
  }

  @Override
  public void requestFinished(Object client, Object target, Object request, Object response, Throwable error,
      long startNanos) {
    Apache4Support support = support(client);
    if (support != null) {
      support.requestFinished(target, request, response, error, startNanos);
    }
  }

  @Override
  public Object legacyManagerCreated(Object client, Object manager) {
    Apache4Support support = support(client);
    return support == null ? manager : support.legacyManagerCreated(client, manager);
  }
}
