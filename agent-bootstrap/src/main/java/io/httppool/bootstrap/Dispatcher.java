package io.httppool.bootstrap;

/**
 * The one way from advice to the agent. Advice is inlined into library and JDK classes, which see only the
 * bootstrap class path; it names its hook by an {@code int} id (a compile-time constant of its module, which javac
 * copies into the advice) and passes the library's own value as the fallback. The fallback comes back when no hook
 * is installed under that id, when the hook answers null, or when it throws: then the failure is counted (see
 * {@link AgentStatus#adviceFailed}) and the library goes on as if the agent were not there.
 *
 * <p>On the request path a call is one volatile read and one array read: no lock, no map, no allocation (fixed
 * arities, no varargs). Arguments a call does not pass reach the hook as null and 0.
 */
public final class Dispatcher {
  /** The agent's side of one hook. */
  public abstract static class Hook {
    private final String name;

    /** @param name what {@link AgentStatus#adviceFailed} says failed, e.g. "okhttp connection health check" */
    protected Hook(String name) {
      this.name = name;
    }

    public final String name() {
      return name;
    }

    /** The hook's answer, or null to keep the library's value. */
    protected abstract Object call(Object a, Object b, Object c, Object d, Object e, long m, long n);

    /**
     * The hook's answer to a question whose answer is a number; {@code fallback} keeps the library's value. A hook
     * that answers numbers overrides this, so that nothing is boxed.
     */
    protected long callForNumber(Object a, long n, long fallback) {
      Object answer = call(a, null, null, null, null, 0L, n);
      return answer instanceof Number ? ((Number) answer).longValue() : fallback;
    }
  }

  private static volatile Hook[] hooks = new Hook[0];

  private Dispatcher() {}

  /**
   * Installs {@code hook} under {@code id}, replacing one of the same name; null removes the hook. Two hooks of
   * different names under one id are a programming error.
   */
  public static synchronized void install(int id, Hook hook) {
    Hook[] current = hooks;
    if (hook != null && id < current.length && current[id] != null && !current[id].name.equals(hook.name)) {
      throw new IllegalStateException("hook id " + id + " is taken by " + current[id].name + ", not free for "
          + hook.name);
    }
    Hook[] next = new Hook[Math.max(current.length, id + 1)];
    System.arraycopy(current, 0, next, 0, current.length);
    next[id] = hook;
    hooks = next;
  }

  private static Object dispatch(int id, Object fallback, Object a, Object b, Object c, Object d, Object e, long m,
      long n) {
    Hook[] installed = hooks;
    Hook hook = id < installed.length ? installed[id] : null;
    if (hook != null) {
      try {
        Object answer = hook.call(a, b, c, d, e, m, n);
        if (answer != null) {
          return answer;
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed(hook.name, t);
      }
    }
    return fallback;
  }

  // ---- hooks that answer: the library's value comes back on null, on failure, or when no hook is installed

  public static Object call(int id, Object fallback, Object a) {
    return dispatch(id, fallback, a, null, null, null, null, 0L, 0L);
  }

  public static Object call(int id, Object fallback, Object a, Object b) {
    return dispatch(id, fallback, a, b, null, null, null, 0L, 0L);
  }

  public static Object call(int id, Object fallback, Object a, Object b, long n) {
    return dispatch(id, fallback, a, b, null, null, null, 0L, n);
  }

  public static Object call(int id, Object fallback, Object a, Object b, Object c) {
    return dispatch(id, fallback, a, b, c, null, null, 0L, 0L);
  }

  public static Object call(int id, Object fallback, Object a, Object b, Object c, Object d) {
    return dispatch(id, fallback, a, b, c, d, null, 0L, 0L);
  }

  public static boolean test(int id, boolean fallback, Object a) {
    return Boolean.TRUE.equals(dispatch(id, fallback, a, null, null, null, null, 0L, 0L));
  }

  public static boolean test(int id, boolean fallback, Object a, long n) {
    return Boolean.TRUE.equals(dispatch(id, fallback, a, null, null, null, null, 0L, n));
  }

  public static boolean test(int id, boolean fallback, Object a, Object b, Object c, Object d, long n) {
    return Boolean.TRUE.equals(dispatch(id, fallback, a, b, c, d, null, 0L, n));
  }

  public static long number(int id, long fallback, Object a, long n) {
    Hook[] installed = hooks;
    Hook hook = id < installed.length ? installed[id] : null;
    if (hook != null) {
      try {
        return hook.callForNumber(a, n, fallback);
      } catch (Throwable t) {
        AgentStatus.adviceFailed(hook.name, t);
      }
    }
    return fallback;
  }

  // ---- hooks that only listen

  public static void run(int id) {
    dispatch(id, null, null, null, null, null, null, 0L, 0L);
  }

  public static void run(int id, Object a) {
    dispatch(id, null, a, null, null, null, null, 0L, 0L);
  }

  public static void run(int id, Object a, Object b) {
    dispatch(id, null, a, b, null, null, null, 0L, 0L);
  }

  public static void run(int id, Object a, Object b, Object c) {
    dispatch(id, null, a, b, c, null, null, 0L, 0L);
  }

  public static void run(int id, Object a, Object b, long m, long n) {
    dispatch(id, null, a, b, null, null, null, m, n);
  }

  public static void run(int id, Object a, Object b, Object c, Object d, long n) {
    dispatch(id, null, a, b, c, d, null, 0L, n);
  }

  public static void run(int id, Object a, Object b, Object c, Object d, Object e, long n) {
    dispatch(id, null, a, b, c, d, e, 0L, n);
  }
}
