package io.httppool.bootstrap;

import java.lang.reflect.Method;
import java.net.URL;

/**
 * Public methods of public {@code sun.net.www} types that the HttpURLConnection advice calls. That advice is inlined
 * into {@code java.base} classes, so it can call them (the package is not exported to anyone else) but cannot name
 * them; it finds them here, looked up once, at their first use after install. This is the one reason a family-specific class stays on the
 * bootstrap class path: the advice can see nothing else. Each method is null when the agent is not installed or the
 * JDK differs, and the advice then leaves that part alone.
 */
public final class JdkHttpInternals {
  private static volatile Method clientInputStream;
  private static volatile Method clientIsKeepingAlive;
  private static volatile Method clientFinished;
  private static volatile Method hurry;
  private static volatile Method cachePut;
  private static volatile Method cacheGet;
  private static volatile Method clientCloseServer;
  private static volatile Method headerValue;
  private static volatile Method clientReadTimeout;
  private static volatile Method clientSetReadTimeout;
  private static volatile boolean installed;
  private static volatile boolean resolved;
  private static volatile boolean readTimeoutWanted;

  private JdkHttpInternals() {}

  /**
   * The family is installed: the methods are looked up at the first use of any of them. Not now: the install runs
   * while the JDK loads the first class of the family, {@code HttpURLConnection}, and looking up a method of
   * {@code HttpClient} loads every type its public methods name, that one among them, which the JVM then refuses
   * as circular.
   *
   * @param withReadTimeout also {@link #clientReadTimeout()} and {@link #clientSetReadTimeout()}
   */
  public static void install(boolean withReadTimeout) {
    readTimeoutWanted = withReadTimeout;
    installed = true;
  }

  private static void resolveOnFirstUse() {
    if (resolved || !installed) {
      return;
    }
    synchronized (JdkHttpInternals.class) {
      if (!resolved) {
        resolve();
        if (readTimeoutWanted) {
          resolveReadTimeout();
        }
        resolved = true;
      }
    }
  }

  private static void resolve() {
    try {
      Class<?> client = Class.forName("sun.net.www.http.HttpClient", false, null);
      clientInputStream = client.getMethod("getInputStream");
      clientIsKeepingAlive = client.getMethod("isKeepingAlive");
      clientFinished = client.getMethod("finished");
      hurry = Class.forName("sun.net.www.http.Hurryable", false, null).getMethod("hurry");
      cachePut = Class.forName("sun.net.www.http.KeepAliveCache", false, null)
          .getMethod("put", URL.class, Object.class, client);
    } catch (Throwable t) {
      AgentLog.log(AgentLog.DEBUG, "HttpURLConnection bodies will not be drained: JDK internals differ", t);
      hurry = null;
    }
    try {
      Class<?> client = Class.forName("sun.net.www.http.HttpClient", false, null);
      cacheGet = Class.forName("sun.net.www.http.KeepAliveCache", false, null).getMethod("get", URL.class,
          Object.class);
      clientCloseServer = client.getMethod("closeServer");
      headerValue = Class.forName("sun.net.www.MessageHeader", false, null).getMethod("findValue", String.class);
    } catch (Throwable t) {
      AgentLog.log(AgentLog.DEBUG, "HttpURLConnection idle connections will not be checked: JDK internals differ",
          t);
      cacheGet = null;
      clientCloseServer = null;
      headerValue = null;
    }
  }

  /**
   * Looks up what {@link #clientReadTimeout()} and {@link #clientSetReadTimeout()} return: only when the agent
   * turned the JDK's error stream buffering on, whose reading of a large error body leaves the read timeout changed.
   */
  private static void resolveReadTimeout() {
    try {
      Class<?> client = Class.forName("sun.net.www.http.HttpClient", false, null);
      clientReadTimeout = client.getMethod("getReadTimeout");
      clientSetReadTimeout = client.getMethod("setReadTimeout", int.class);
    } catch (Throwable t) {
      AgentLog.log(AgentLog.DEBUG, "HttpURLConnection error streams: JDK internals differ", t);
      clientReadTimeout = null;
      clientSetReadTimeout = null;
    }
  }

  /** {@code HttpClient.getReadTimeout()}; null unless {@link #resolveReadTimeout()} found it. */
  public static Method clientReadTimeout() {
    resolveOnFirstUse();
    return clientReadTimeout;
  }

  /** {@code HttpClient.setReadTimeout(int)}; null unless {@link #resolveReadTimeout()} found it. */
  public static Method clientSetReadTimeout() {
    resolveOnFirstUse();
    return clientSetReadTimeout;
  }

  /** {@code HttpClient.getInputStream()}. */
  public static Method clientInputStream() {
    resolveOnFirstUse();
    return clientInputStream;
  }

  /** {@code HttpClient.isKeepingAlive()}. */
  public static Method clientIsKeepingAlive() {
    resolveOnFirstUse();
    return clientIsKeepingAlive;
  }

  /** {@code HttpClient.finished()}: returns the client to the keep-alive cache. */
  public static Method clientFinished() {
    resolveOnFirstUse();
    return clientFinished;
  }

  /** {@code Hurryable.hurry()}: reads a fully arrived body into memory without blocking; null when draining is off. */
  public static Method hurry() {
    resolveOnFirstUse();
    return hurry;
  }

  /** {@code KeepAliveCache.put(URL, Object, HttpClient)}: puts back a client the cache handed out. */
  public static Method cachePut() {
    resolveOnFirstUse();
    return cachePut;
  }

  /** {@code KeepAliveCache.get(URL, Object)}: the next cached client, for the stale-connection guard. */
  public static Method cacheGet() {
    resolveOnFirstUse();
    return cacheGet;
  }

  /** {@code HttpClient.closeServer()}: closes a client the stale-connection guard refused. */
  public static Method clientCloseServer() {
    resolveOnFirstUse();
    return clientCloseServer;
  }

  /** {@code MessageHeader.findValue(String)}. */
  public static Method headerValue() {
    resolveOnFirstUse();
    return headerValue;
  }
}
