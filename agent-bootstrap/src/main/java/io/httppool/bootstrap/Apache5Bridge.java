package io.httppool.bootstrap;

/**
 * What Apache HttpClient 5.x advice calls. JDK types only: the advice is inlined into HttpClient's own classes.
 * Every method swallows and counts what the hooks throw; a method that returns a replacement returns the
 * original object when anything goes wrong.
 */
public final class Apache5Bridge {
  public interface Hooks {
    /** A classic or async client builder's {@code build()} starts; the result goes to {@link #buildFinished}. */
    Object buildStarting(Object builder);

    /** {@code build()} returned or threw: undo what {@link #buildStarting} changed on the builder. */
    void buildFinished(Object builder, Object token);

    /** {@code HttpClients.createMinimal()} returned {@code client}; returns the client to hand out instead. */
    Object minimalClientCreated(Object client);

    /** A pooling connection manager (classic or async) was constructed. */
    void managerCreated(Object manager);

    /** A classic pooling manager's {@code lease} returned {@code leaseRequest}; returns the one to hand out. */
    Object leased(Object manager, Object route, Object leaseRequest);

    /**
     * An async pooling manager's {@code lease} is called for exchange {@code id} with {@code callback}; returns the
     * one to pass on.
     */
    Object asyncLeasing(Object manager, Object id, Object route, Object callback);

    /** An async pooling manager's {@code lease} is called with {@code timeout}; returns the one to pass on. */
    Object asyncLeaseTimeout(Object manager, Object route, Object timeout);

    /** A classic client starts executing a request; the result goes to {@link #requestFinished}. */
    Object requestStarting(Object client, Object target, Object request);

    void requestFinished(Object trace, Object response, Throwable error);
  }

  private static volatile Hooks hooks;

  private Apache5Bridge() {}

  public static void install(Hooks installed) {
    hooks = installed;
  }

  public static Object buildStarting(Object builder) {
    Hooks current = hooks;
    if (current != null && builder != null) {
      try {
        return current.buildStarting(builder);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 client build", t);
      }
    }
    return null;
  }

  public static void buildFinished(Object builder, Object token) {
    Hooks current = hooks;
    if (current != null && builder != null && token != null) {
      try {
        current.buildFinished(builder, token);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 client build", t);
      }
    }
  }

  public static Object minimalClientCreated(Object client) {
    Hooks current = hooks;
    if (current != null && client != null) {
      try {
        Object replacement = current.minimalClientCreated(client);
        return replacement == null ? client : replacement;
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 minimal client", t);
      }
    }
    return client;
  }

  public static void managerCreated(Object manager) {
    Hooks current = hooks;
    if (current != null && manager != null) {
      try {
        current.managerCreated(manager);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 connection manager", t);
      }
    }
  }

  public static Object leased(Object manager, Object route, Object leaseRequest) {
    Hooks current = hooks;
    if (current != null && manager != null && leaseRequest != null) {
      try {
        Object replacement = current.leased(manager, route, leaseRequest);
        return replacement == null ? leaseRequest : replacement;
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 lease", t);
      }
    }
    return leaseRequest;
  }

  public static Object asyncLeasing(Object manager, Object id, Object route, Object callback) {
    Hooks current = hooks;
    if (current != null && manager != null) {
      try {
        Object replacement = current.asyncLeasing(manager, id, route, callback);
        return replacement == null ? callback : replacement;
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 async lease", t);
      }
    }
    return callback;
  }

  public static Object asyncLeaseTimeout(Object manager, Object route, Object timeout) {
    Hooks current = hooks;
    if (current != null && manager != null) {
      try {
        Object replacement = current.asyncLeaseTimeout(manager, route, timeout);
        return replacement == null ? timeout : replacement;
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 async lease", t);
      }
    }
    return timeout;
  }

  public static Object requestStarting(Object client, Object target, Object request) {
    Hooks current = hooks;
    if (current != null && client != null && request != null) {
      try {
        return current.requestStarting(client, target, request);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 request", t);
      }
    }
    return null;
  }

  public static void requestFinished(Object trace, Object response, Throwable error) {
    Hooks current = hooks;
    if (current != null && trace != null) {
      try {
        current.requestFinished(trace, response, error);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 request", t);
      }
    }
  }
}
