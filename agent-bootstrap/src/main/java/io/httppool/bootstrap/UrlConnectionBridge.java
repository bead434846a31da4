package io.httppool.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;

/**
 * What HttpURLConnection advice calls. The advice is inlined into {@code java.base} classes
 * ({@code sun.net.www.http.HttpClient}, {@code KeepAliveCache}, {@code sun.net.www.protocol.http.HttpURLConnection}),
 * so this class and its hooks see JDK public types only; a JDK-internal object is passed as {@code Object}.
 * <p>
 * The {@code Method}s below are public methods of public {@code sun.net.www.http} types. This class may look
 * them up but may not call them (the package is not exported); the advice calls them, and because the advice
 * runs as code of a {@code java.base} class, that call is allowed.
 */
public final class UrlConnectionBridge {
  public interface Hooks {
    /**
     * {@code HttpClient.New} starts: a connection is taken from the cache or opened; only opened when
     * {@code fromCache} is false (the JDK replaces a connection it could not write a request to).
     */
    void acquiring(boolean fromCache);

    /** {@code HttpsClient.New} starts, for a connection that this {@code HostnameVerifier} must accept. */
    void acquiringTls(Object hostnameVerifier, boolean fromCache);

    /**
     * Whether a client the keep-alive cache just returned may serve the https request being acquired: the JDK
     * keys https connections by socket factory only, and skips the hostname check on reuse.
     */
    boolean cachedClientUsable(Object client);

    /** A new socket was connected for this {@code HttpClient} (inside {@code New}, or a silent JDK retry). */
    void connected(Object client, URL url, Socket socket);

    /** {@code New} returned this client for {@code url}. */
    void acquired(Object client, URL url);

    /** {@code New} threw: no connection. */
    void acquireFailed(URL url, Throwable error);

    /** The client goes back to the keep-alive cache ({@code KeepAliveCache.put} starts). */
    void releasing(Object client, URL url);

    /** {@code KeepAliveCache.put} ended. */
    void released();

    /** {@code HttpClient.closeServer()} is about to close an open socket. */
    void closing(Object client);

    /** The idle cap of the destination being released to; {@code jdkValue} is what the JDK would use. */
    int maxIdle(int jdkValue);

    /** The keep-alive timeout code {@code KeepAliveCache.put} uses for a new destination list. */
    int keepAliveTimeout(URL url, int jdkValue);

    /** The first {@code getInputStream0} of a connection starts; returns its start time (never 0). */
    long requestStarting();

    /** That call ended, with a response ({@code status} > 0) or without one ({@code error}). */
    void responded(HttpURLConnection connection, long startNanos, int status, Throwable error);

    /** Whether this response's body is small and known-length enough to be buffered so its connection returns. */
    boolean shouldDrain(HttpURLConnection connection, int status);

    /** The body of this response was buffered by the JDK and its connection returned to the cache. */
    void drained(HttpURLConnection connection);

    /**
     * Inside {@code KeepAliveStream.hurry()}, which found the body not fully arrived: reads the {@code remaining}
     * bytes from the stream's source {@code in} within a short time budget, without changing what the application
     * will read. Returns a {@link BufferedBody} with all of them; or, when only part arrived in time, a stream
     * of that part followed by the rest of {@code in} (or by the failure reading it met); or null when nothing
     * was read.
     */
    InputStream awaitBody(Object client, InputStream in, long remaining);

    /**
     * {@code KeepAliveCache.get} returned a client: whether the stale-connection guard should look at it, true
     * only inside {@code New} and not for the cache lookups the guard itself makes. Until {@link #guardEnded()}.
     */
    boolean guardStarting();

    /**
     * Whether this client, just taken from the keep-alive cache, may serve the request being acquired; when not,
     * the eviction is counted and the advice closes the client.
     */
    boolean mayReuseCached(Object client);

    void guardEnded();

    /** A response was read on this client; its {@code Keep-Alive} header, or null when it has none. */
    void responseParsed(Object client, String keepAliveHeader);
  }

  private static volatile Hooks hooks;
  private static final ThreadLocal<Boolean> AWAITING = new ThreadLocal<>();
  private static final AtomicReference<SSLSocketFactory> lazyDefaultFactory = new AtomicReference<>();

  private static volatile Method clientInputStream;
  private static volatile Method clientIsKeepingAlive;
  private static volatile Method clientFinished;
  private static volatile Method hurry;
  private static volatile Method cachePut;
  private static volatile Method cacheGet;
  private static volatile Method clientCloseServer;
  private static volatile Method headerValue;

  private UrlConnectionBridge() {}

  public static void install(Hooks installed) {
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
    hooks = installed;
  }

  /**
   * {@code HttpsURLConnection.getDefaultSSLSocketFactory()} creates the default factory lazily without a lock:
   * threads starting at once each create one, all from the same default {@code SSLContext}, and since the JDK's
   * keep-alive cache keys https connections by factory instance, each gets connections of its own. The first
   * factory created wins; the others are replaced by it.
   */
  public static SSLSocketFactory firstDefaultFactory(SSLSocketFactory created) {
    if (created == null || hooks == null) {
      return created;
    }
    lazyDefaultFactory.compareAndSet(null, created);
    return lazyDefaultFactory.get();
  }

  /** {@code HttpClient.getInputStream()}; null when draining is off. */
  public static Method clientInputStream() {
    return clientInputStream;
  }

  /** {@code HttpClient.isKeepingAlive()}. */
  public static Method clientIsKeepingAlive() {
    return clientIsKeepingAlive;
  }

  /** {@code HttpClient.finished()}: returns the client to the keep-alive cache. */
  public static Method clientFinished() {
    return clientFinished;
  }

  /** {@code Hurryable.hurry()}: reads a fully arrived body into memory without blocking. */
  public static Method hurry() {
    return hurry;
  }

  /** {@code KeepAliveCache.put(URL, Object, HttpClient)}: puts back a client the cache handed out. */
  public static Method cachePut() {
    return cachePut;
  }

  /** {@code KeepAliveCache.get(URL, Object)}: the next cached client, for the stale-connection guard. */
  public static Method cacheGet() {
    return cacheGet;
  }

  /** {@code HttpClient.closeServer()}: closes a client the stale-connection guard refused. */
  public static Method clientCloseServer() {
    return clientCloseServer;
  }

  /** {@code MessageHeader.findValue(String)}; null when the agent is not installed or the JDK differs. */
  public static Method headerValue() {
    return hooks == null ? null : headerValue;
  }

  /** True for the JDK's known-length keep-alive body stream, the only kind the agent buffers. */
  public static boolean isKeepAliveStream(Object body) {
    return body != null && "sun.net.www.http.KeepAliveStream".equals(body.getClass().getName());
  }

  public static void acquiring(boolean fromCache) {
    Hooks current = hooks;
    if (current != null) {
      try {
        current.acquiring(fromCache);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection acquire", t);
      }
    }
  }

  public static void acquiringTls(Object hostnameVerifier, boolean fromCache) {
    Hooks current = hooks;
    if (current != null) {
      try {
        current.acquiringTls(hostnameVerifier, fromCache);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection acquire", t);
      }
    }
  }

  /** False only when the client must go back to the cache unused; true when unsure or the agent is off. */
  public static boolean cachedClientUsable(Object client) {
    Hooks current = hooks;
    if (current != null && client != null && cachePut != null) {
      try {
        return current.cachedClientUsable(client);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection acquire", t);
      }
    }
    return true;
  }

  public static void connected(Object client, URL url, Socket socket) {
    Hooks current = hooks;
    if (current != null && client != null) {
      try {
        current.connected(client, url, socket);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection connect", t);
      }
    }
  }

  public static void acquired(Object client, URL url, Throwable error) {
    Hooks current = hooks;
    if (current != null) {
      try {
        if (error != null || client == null) {
          current.acquireFailed(url, error);
        } else {
          current.acquired(client, url);
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection acquire", t);
      }
    }
  }

  public static void releasing(Object client, URL url) {
    Hooks current = hooks;
    if (current != null && client != null) {
      try {
        current.releasing(client, url);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection release", t);
      }
    }
  }

  public static void released() {
    Hooks current = hooks;
    if (current != null) {
      try {
        current.released();
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection release", t);
      }
    }
  }

  public static void closing(Object client, Socket socket) {
    Hooks current = hooks;
    if (current != null && client != null && socket != null && !socket.isClosed()) {
      try {
        current.closing(client);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection close", t);
      }
    }
  }

  public static int maxIdle(int jdkValue) {
    Hooks current = hooks;
    if (current != null) {
      try {
        return current.maxIdle(jdkValue);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection idle cap", t);
      }
    }
    return jdkValue;
  }

  public static int keepAliveTimeout(URL url, int jdkValue) {
    Hooks current = hooks;
    if (current != null && url != null) {
      try {
        return current.keepAliveTimeout(url, jdkValue);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection idle timeout", t);
      }
    }
    return jdkValue;
  }

  /** Returns 0 when the call is not the first of its connection or the agent is not installed. */
  public static long requestStarting(Object inputStream, Object rememberedException) {
    Hooks current = hooks;
    if (current != null && inputStream == null && rememberedException == null) {
      try {
        return current.requestStarting();
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection request", t);
      }
    }
    return 0L;
  }

  public static void responded(HttpURLConnection connection, long startNanos, int status, Throwable error) {
    Hooks current = hooks;
    if (current != null && startNanos != 0L) {
      try {
        current.responded(connection, startNanos, status, error);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection response", t);
      }
    }
  }

  public static boolean shouldDrain(HttpURLConnection connection, int status, Object client, Object inputStream) {
    Hooks current = hooks;
    if (current != null && client != null && inputStream != null && hurry != null && status > 0) {
      try {
        return current.shouldDrain(connection, status);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection drain", t);
      }
    }
    return false;
  }

  public static void drained(HttpURLConnection connection) {
    Hooks current = hooks;
    if (current != null) {
      try {
        current.drained(connection);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection drain", t);
      }
    }
  }

  /** The body that {@code KeepAliveStream.hurry()} buffered whole after waiting for it. */
  public static final class BufferedBody extends ByteArrayInputStream {
    public BufferedBody(byte[] body) {
      super(body);
    }
  }

  /**
   * Lets the next {@code KeepAliveStream.hurry()} of this thread wait for a small body still arriving, until
   * {@link #awaitEnded()}: only the agent's own call to it, never the JDK's or the application's.
   */
  public static void awaitOnNextHurry() {
    if (hooks != null) {
      AWAITING.set(Boolean.TRUE);
    }
  }

  public static void awaitEnded() {
    if (AWAITING.get() != null) {
      AWAITING.remove();
    }
  }

  /** Whether this {@code hurry()} is the agent's, which may wait for the body; see {@link Hooks#awaitBody}. */
  public static boolean awaitRequested() {
    return AWAITING.get() != null;
  }

  /** See {@link Hooks#awaitBody}; null (the stream stays as it is) when the agent is off or fails. */
  public static InputStream awaitBody(Object client, InputStream in, long remaining) {
    Hooks current = hooks;
    if (current != null && in != null && remaining > 0) {
      try {
        return current.awaitBody(client, in, remaining);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection drain", t);
      }
    }
    return null;
  }

  public static boolean isWhole(InputStream awaited) {
    return awaited instanceof BufferedBody;
  }

  /**
   * True when the client {@code KeepAliveCache.get} returned must pass the stale-connection guard: the agent is
   * installed, the lookup is an acquisition's, and not one the guard makes itself. Then
   * {@link #guardEnded()} must follow.
   */
  public static boolean guardStarting() {
    Hooks current = hooks;
    if (current != null && cacheGet != null && clientCloseServer != null) {
      try {
        return current.guardStarting();
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection stale guard", t);
      }
    }
    return false;
  }

  /** False only when the client must be closed instead of reused; true when unsure. */
  public static boolean mayReuseCached(Object client) {
    Hooks current = hooks;
    if (current != null) {
      try {
        return current.mayReuseCached(client);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection stale guard", t);
      }
    }
    return true;
  }

  public static void guardEnded() {
    Hooks current = hooks;
    if (current != null) {
      try {
        current.guardEnded();
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection stale guard", t);
      }
    }
  }

  public static void guardFailed(Throwable error) {
    AgentStatus.adviceFailed("urlconnection stale guard", error);
  }

  public static void responseParsed(Object client, Object keepAliveHeader) {
    Hooks current = hooks;
    if (current != null && client != null) {
      try {
        current.responseParsed(client, keepAliveHeader instanceof String ? (String) keepAliveHeader : null);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection response", t);
      }
    }
  }

  public static void drainFailed(Throwable error) {
    AgentStatus.adviceFailed("urlconnection drain", error);
  }
}
