package io.httppool.bootstrap;

/** What OkHttp advice calls. JDK types only: the advice is inlined into OkHttp's own classes. */
public final class OkHttpBridge {
  public interface Hooks {
    /** An {@code OkHttpClient} is about to be built from this {@code OkHttpClient.Builder}. */
    void clientCreating(Object builder);

    /** The application chose this {@code ConnectionPool} itself. */
    void poolChosen(Object pool);

    /** OkHttp found this pooled {@code RealConnection} healthy; may the agent still refuse it as stale? */
    boolean mayReuse(Object connection);
  }

  private static volatile Hooks hooks;

  private OkHttpBridge() {}

  public static void install(Hooks installed) {
    hooks = installed;
  }

  public static void clientCreating(Object builder) {
    Hooks current = hooks;
    if (current != null && builder != null) {
      try {
        current.clientCreating(builder);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("okhttp client creation", t);
      }
    }
  }

  /** Returns false when the agent judges the connection stale; true, as OkHttp judged, on any doubt. */
  public static boolean mayReuse(Object connection) {
    Hooks current = hooks;
    if (current != null && connection != null) {
      try {
        return current.mayReuse(connection);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("okhttp connection health check", t);
      }
    }
    return true;
  }

  public static void poolChosen(Object pool) {
    Hooks current = hooks;
    if (current != null && pool != null) {
      try {
        current.poolChosen(pool);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("okhttp connection pool", t);
      }
    }
  }
}
