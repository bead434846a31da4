package io.httppool.bootstrap;

/** What Apache HttpClient 4.x advice calls. JDK types only: the advice is inlined into HttpClient's classes. */
public final class Apache4Bridge {
  public interface Hooks {
    /**
     * {@code HttpClientBuilder.build()} starts; returns what {@link #buildFinished} needs to restore the builder,
     * or null when the builder was left alone.
     */
    Object buildStarting(Object builder);

    void buildFinished(Object builder, Object restore);

    /** {@code HttpClients.createMinimal()}: a client on the shared pool, or null to let the library build one. */
    Object createMinimal(Class<?> httpClients);

    /** A {@code PoolingHttpClientConnectionManager} was constructed (called once per constructor in the chain). */
    void managerCreated(Object manager);

    /**
     * The state (user token) a lease asks for: the application's, or, on a shared pool, the client-certificate
     * principal every connection of this route carries, when the request has none yet.
     */
    Object connectionState(Object manager, Object route, Object state);

    /**
     * Returns the {@code ConnectionRequest} the caller gets: the manager's own, or one that reports the lease (and
     * may lease again, with the same route and state, when it refuses a stale connection).
     */
    Object connectionRequested(Object manager, Object route, Object state, Object request);

    /**
     * The lease ends; {@code keepAlive} in {@code timeUnit} is how long the library will keep the connection
     * (its reading of the server's {@code Keep-Alive} header), not positive when unknown.
     */
    void connectionReleased(Object manager, Object connection, Object state, long keepAlive, Object timeUnit);

    /** {@code HttpClientBuilder.decorateMainExec}: returns the main exec chain the client gets. */
    Object mainExecDecorated(Object builder, Object mainExec);

    /** A request ended: {@code response} or {@code error} is null. */
    void requestFinished(Object client, Object target, Object request, Object response, Throwable error,
        long startNanos);

    /** The manager a legacy {@code AbstractHttpClient} creates lazily: returns the one it should use. */
    Object legacyManagerCreated(Object client, Object manager);
  }

  private static volatile Hooks hooks;

  private Apache4Bridge() {}

  public static void install(Hooks installed) {
    hooks = installed;
  }

  public static Object buildStarting(Object builder) {
    Hooks current = hooks;
    if (current != null && builder != null) {
      try {
        return current.buildStarting(builder);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 client build", t);
      }
    }
    return null;
  }

  public static void buildFinished(Object builder, Object restore) {
    Hooks current = hooks;
    if (current != null && restore != null) {
      try {
        current.buildFinished(builder, restore);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 client build", t);
      }
    }
  }

  public static Object createMinimal(Class<?> httpClients) {
    Hooks current = hooks;
    if (current != null) {
      try {
        return current.createMinimal(httpClients);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 minimal client", t);
      }
    }
    return null;
  }

  public static void managerCreated(Object manager) {
    Hooks current = hooks;
    if (current != null && manager != null) {
      try {
        current.managerCreated(manager);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 connection manager", t);
      }
    }
  }

  public static Object connectionState(Object manager, Object route, Object state) {
    Hooks current = hooks;
    if (current != null && state == null && manager != null) {
      try {
        return current.connectionState(manager, route, null);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 connection state", t);
      }
    }
    return state;
  }

  public static Object connectionRequested(Object manager, Object route, Object state, Object request) {
    Hooks current = hooks;
    if (current != null && request != null) {
      try {
        return current.connectionRequested(manager, route, state, request);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 connection request", t);
      }
    }
    return request;
  }

  public static void connectionReleased(Object manager, Object connection, Object state, long keepAlive,
      Object timeUnit) {
    Hooks current = hooks;
    if (current != null && connection != null) {
      try {
        current.connectionReleased(manager, connection, state, keepAlive, timeUnit);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 connection release", t);
      }
    }
  }

  public static Object mainExecDecorated(Object builder, Object mainExec) {
    Hooks current = hooks;
    if (current != null && builder != null && mainExec != null) {
      try {
        return current.mainExecDecorated(builder, mainExec);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 exec chain", t);
      }
    }
    return mainExec;
  }

  public static void requestFinished(Object client, Object target, Object request, Object response,
      Throwable error, long startNanos) {
    Hooks current = hooks;
    if (current != null && request != null) {
      try {
        current.requestFinished(client, target, request, response, error, startNanos);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 request", t);
      }
    }
  }

  public static Object legacyManagerCreated(Object client, Object manager) {
    Hooks current = hooks;
    if (current != null && manager != null) {
      try {
        return current.legacyManagerCreated(client, manager);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache4 legacy connection manager", t);
      }
    }
    return manager;
  }
}
