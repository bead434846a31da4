package io.httppool.agent.instrumentation.apache5;

import io.httppool.agent.AgentContext;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.bootstrap.Apache5Bridge;

/**
 * Routes each HttpClient 5.x hook to the support linked to the HttpClient copy the calling object comes from.
 * The linker's lookup by object takes no lock after the first call for a class, so per-request hooks pay a
 * {@link ClassValue} read.
 */
final class Apache5Hooks implements Apache5Bridge.Hooks {
  private final LibraryLinker<Apache5Support> linker;

  Apache5Hooks(AgentContext context) {
    linker = new LibraryLinker<>(Apache5Support.class,
        "io.httppool.agent.instrumentation.apache5.linked.LinkedApache5Support", context);
  }

  private Apache5Support support(Object libraryObject) {
    return linker.forObject(libraryObject);
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
  public Object asyncLeasing(Object manager, Object id, Object route, Object callback) {
    Apache5Support support = support(manager);
    return support == null ? null : support.asyncLeasing(manager, id, route, callback);
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
