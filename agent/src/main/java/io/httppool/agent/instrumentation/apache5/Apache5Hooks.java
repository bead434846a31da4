package io.httppool.agent.instrumentation.apache5;

import io.httppool.agent.AgentContext;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.bootstrap.Apache5Bridge;
import java.lang.ref.WeakReference;

/**
 * Routes each HttpClient 5.x hook to the support linked to the HttpClient copy the calling object comes from.
 * Per-request hooks first try the copy seen last, so the common case (one copy) takes no lock.
 */
final class Apache5Hooks implements Apache5Bridge.Hooks {
  /** The copy seen last; weak, so that an application's class loader can still be collected. */
  private static final class Linked {
    final WeakReference<ClassLoader> loader;
    final boolean bootstrap;
    final Apache5Support support;

    Linked(ClassLoader loader, Apache5Support support) {
      this.loader = new WeakReference<>(loader);
      this.bootstrap = loader == null;
      this.support = support;
    }

    boolean isFor(ClassLoader candidate) {
      return candidate == null ? bootstrap : loader.get() == candidate;
    }
  }

  private final LibraryLinker<Apache5Support> linker;
  private volatile Linked last;

  Apache5Hooks(AgentContext context) {
    linker = new LibraryLinker<>(Apache5Support.class,
        "io.httppool.agent.instrumentation.apache5.linked.LinkedApache5Support", context);
  }

  private Apache5Support support(Object libraryObject) {
    ClassLoader loader = libraryObject.getClass().getClassLoader();
    Linked seen = last;
    if (seen != null && seen.isFor(loader)) {
      return seen.support;
    }
    Apache5Support support = linker.forLoader(loader);
    last = new Linked(loader, support);
    return support;
  }

  @Override
  public Object buildStarting(Object builder) {
    Apache5Support support = support(builder);
    return support == null ? null : support.buildStarting(builder);
  }

  @Override
  public void buildFinished(Object builder, Object token) {
    Apache5Support support = support(builder);
    if (support != null) {
      support.buildFinished(builder, token);
    }
  }

  @Override
  public Object minimalClientCreated(Object client) {
    Apache5Support support = support(client);
    return support == null ? null : support.minimalClientCreated(client);
  }

  @Override
  public void managerCreated(Object manager) {
    Apache5Support support = support(manager);
    if (support != null) {
      support.managerCreated(manager);
    }
  }

  @Override
  public Object leased(Object manager, Object route, Object leaseRequest) {
    Apache5Support support = support(manager);
    return support == null ? null : support.leased(manager, route, leaseRequest);
  }

  @Override
  public Object asyncLeasing(Object manager, Object route, Object callback) {
    Apache5Support support = support(manager);
    return support == null ? null : support.asyncLeasing(manager, route, callback);
  }

  @Override
  public Object asyncLeaseTimeout(Object manager, Object route, Object timeout) {
    Apache5Support support = support(manager);
    return support == null ? null : support.asyncLeaseTimeout(manager, route, timeout);
  }

  @Override
  public Object requestStarting(Object client, Object target, Object request) {
    Apache5Support support = support(client);
    return support == null ? null : support.requestStarting(target, request);
  }

  @Override
  public void requestFinished(Object trace, Object response, Throwable error) {
    if (trace instanceof Apache5Support.Trace) {
      ((Apache5Support.Trace) trace).finished(response, error);
    }
  }
}
