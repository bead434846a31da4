package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.KeepAliveHeader;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.StaleConnectionGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the JDK keep-alive cache's events into pool metrics, applies the per-host idle cap and idle timeout,
 * asks the shared stale-connection guard before the cache hands out an idle connection (and teaches it from the
 * JDK's own retries), and decides which responses may be buffered so that their connection returns to the
 * cache at once.
 * Per-thread state links the events of one {@code HttpClient.New} or {@code KeepAliveCache.put} call; it is one
 * object per thread, reused, so a request allocates nothing here once its destination is known.
 */
final class UrlConnectionHooks {
  /** Bodies up to this many bytes, known length, are buffered by the JDK when the response is read. */
  static final long DRAIN_LIMIT_BYTES = 64 * 1024;
  /** How long the response may wait for the rest of a small body still arriving. */
  static final long AWAIT_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final Logger log = LoggerFactory.getLogger(UrlConnectionHooks.class);
  private static final String CACHE_SWEEPER_THREAD = "Keep-Alive-Timer";
  private static final int JDK_UNHINTED_TIMEOUT_SECONDS = 5;

  private static final class ThreadState {
    boolean acquiring;
    /** The acquisition bypasses the cache: the JDK replaces a connection it could not write a request to. */
    boolean replacing;
    boolean tls;
    Class<?> verifierClass;
    boolean connectedNew;
    boolean guarding;
    /** The connection this thread acquired last, and whether the request runs on it as a reused one. */
    KeepAliveConnections.Connection lastAcquired;
    boolean lastReused;
    URL releasing;
    /** Inside the agent's own call to {@code KeepAliveStream.hurry()}, which may wait for a small body. */
    boolean awaitingBody;
    Throwable countedFailure;
    ErrorType countedType;
  }

  private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<ThreadState>() {
    @Override
    protected ThreadState initialValue() {
      return new ThreadState();
    }
  };

  private final AgentConfig config;
  private final ClientDestinations destinations;
  private final PoolRecorder recorder;
  private final StaleConnectionGuard staleGuard;
  private final KeepAliveConnections connections;
  private final boolean jdkIdleCapSet;
  private final boolean jdkIdleTimeoutSet;
  private final AtomicReference<SSLSocketFactory> firstDefaultFactory = new AtomicReference<>();
  private final long defaultIdleTimeoutMillis = AgentConfig.defaults().defaultPoolSettings().idleTimeoutMillis();
  private final int defaultMaxIdlePerHost = AgentConfig.defaults().defaultPoolSettings().maxIdlePerHost();

  UrlConnectionHooks(AgentContext context, KeepAliveConnections connections, boolean jdkIdleCapSet,
      boolean jdkIdleTimeoutSet) {
    this.config = context.config();
    this.destinations = context.destinations().of(Client.URLCONNECTION);
    this.recorder = context.recorder();
    this.staleGuard = context.staleGuard();
    this.connections = connections;
    this.jdkIdleCapSet = jdkIdleCapSet;
    this.jdkIdleTimeoutSet = jdkIdleTimeoutSet;
  }

  private Destination destination(URL url) {
    int port = url.getPort();
    return destinations.get(url.getProtocol(), url.getHost(), port == -1 ? url.getDefaultPort() : port);
  }

  void acquiring(boolean fromCache) {
    ThreadState state = STATE.get();
    state.acquiring = true;
    state.replacing = !fromCache;
    state.connectedNew = false;
    state.tls = false;
  }

  void acquiringTls(Object hostnameVerifier, boolean fromCache) {
    ThreadState state = STATE.get();
    state.acquiring = true;
    state.replacing = !fromCache;
    state.connectedNew = false;
    state.tls = true;
    state.verifierClass = hostnameVerifier == null ? null : hostnameVerifier.getClass();
  }

  /**
   * Verifiers are compared by class, not instance: an application that creates the same verifier for every
   * connection still reuses connections, and one that mixes kinds of verifiers never shares them.
   */
  boolean cachedClientUsable(Object client) {
    ThreadState state = STATE.get();
    if (!state.acquiring || !state.tls) {
      return true;
    }
    KeepAliveConnections.Connection connection = connections.find(client);
    return connection == null || connection.verifierClass == state.verifierClass;
  }

  boolean guardStarting() {
    ThreadState state = STATE.get();
    if (!state.acquiring || state.guarding) {
      return false;
    }
    state.guarding = true;
    return true;
  }

  /** Idle since it went back to the cache, age since it was opened, hint from its last response. */
  boolean mayReuseCached(Object client) {
    KeepAliveConnections.Connection connection = connections.find(client);
    if (connection == null) {
      return true;
    }
    long now = System.nanoTime();
    return staleGuard.mayReuse(connection, connection.socket(), now - connection.idleSinceNanos(), now);
  }

  void guardEnded() {
    STATE.get().guarding = false;
  }

  void responseParsed(Object client, String keepAliveHeader) {
    KeepAliveConnections.Connection connection = connections.find(client);
    if (connection != null) {
      connection.answered = true;
      connection.keepAliveHintMillis(KeepAliveHeader.timeoutMillis(keepAliveHeader));
    }
  }

  void connected(Object client, URL url, Socket socket) {
    ThreadState state = STATE.get();
    Destination destination = destination(url);
    if (state.acquiring) {
      connections.opened(client, destination, socket);
      state.connectedNew = true;
      return;
    }
    // the JDK re-sends a request on a new socket after reading the response failed (parseHTTP's silent retry);
    // for https the new socket was verified by the verifier of the request in flight, the last one acquired here
    KeepAliveConnections.Connection failed = state.lastAcquired != null && state.lastAcquired.client() == client
        ? state.lastAcquired : connections.find(client);
    KeepAliveConnections.Connection connection = connections.opened(client, destination, socket);
    connection.verifierClass = state.verifierClass;
    connections.activate(connection);
    state.lastAcquired = connection;
    state.lastReused = false;
    jdkRetried(destination, failed);
  }

  /**
   * The JDK re-sends a request after writing it failed, or after an I/O error other than a timeout (or an end
   * of stream) before the status line: on a connection taken from the cache that is a connection the server
   * closed while it sat idle, which teaches the guard; on a new one, a reset. The agent never adds a retry of
   * its own here.
   */
  private void jdkRetried(Destination destination, KeepAliveConnections.Connection failed) {
    boolean stale = failed != null && failed.reused;
    ErrorType type = stale ? ErrorType.STALE_CONNECTION : ErrorType.CONNECTION_RESET;
    recorder.failed(destination, type);
    recorder.retried(destination, type.id());
    if (stale) {
      staleGuard.closedByServerAfterIdle(failed.destination(), failed.idleBeforeReuseNanos);
    }
  }

  /** {@code New} returned {@code client}, or threw {@code error}. */
  void acquireEnded(Object client, URL url, Throwable error) {
    if (error != null || client == null) {
      acquireFailed(url, error);
    } else {
      acquired(client, url);
    }
  }

  void acquired(Object client, URL url) {
    ThreadState state = STATE.get();
    boolean reused = !state.connectedNew;
    boolean replacing = state.replacing;
    state.acquiring = false;
    state.replacing = false;
    state.connectedNew = false;
    state.lastReused = reused;
    KeepAliveConnections.Connection previous = state.lastAcquired;
    KeepAliveConnections.Connection connection = connections.find(client);
    if (connection == null) {
      // opened before the agent saw it: track it from now on
      connection = connections.opened(client, destination(url), null);
    }
    connection.reused = reused;
    connection.idleBeforeReuseNanos = reused ? System.nanoTime() - connection.idleSinceNanos() : 0;
    connection.answered = false;
    state.lastAcquired = connection;
    if (replacing && previous != null && previous.closed && !previous.answered) {
      // HttpURLConnection.writeRequests found the request unwritable (the server had reset the connection),
      // closed it and writes the request again on a connection it opens without the cache
      jdkRetried(connection.destination(), previous);
    }
    if (state.tls && (!reused || connection.verifierClass == null)) {
      connection.verifierClass = state.verifierClass;
    }
    state.tls = false;
    connections.activate(connection);
    recorder.connectionAcquired(connection.destination(), reused);
  }

  void acquireFailed(URL url, Throwable error) {
    ThreadState state = STATE.get();
    state.acquiring = false;
    state.replacing = false;
    state.connectedNew = false;
    state.tls = false;
    if (url == null || error == null) {
      return;
    }
    ErrorType type = ErrorType.classify(error, true, false);
    recorder.failed(destination(url), type);
    state.countedFailure = error;
    state.countedType = type;
  }

  void releasing(Object client, URL url) {
    STATE.get().releasing = url;
    KeepAliveConnections.Connection connection = connections.find(client);
    if (connection != null) {
      // a client put back unused (the verifier check above) stays idle since it first went back
      if (connection.active) {
        connection.idleSince(System.nanoTime());
      }
      connections.deactivate(connection);
    }
  }

  void released() {
    STATE.get().releasing = null;
  }

  void closing(Object client) {
    KeepAliveConnections.Connection connection = connections.closing(client);
    if (connection == null || connection.active) {
      return;
    }
    if (STATE.get().releasing != null) {
      recorder.evicted(connection.destination(), "limit");
    } else if (CACHE_SWEEPER_THREAD.equals(Thread.currentThread().getName())) {
      recorder.evicted(connection.destination(), "idle");
    }
  }

  int maxIdle(int jdkValue) {
    URL url = STATE.get().releasing;
    if (url == null || jdkIdleCapSet) {
      return jdkValue;
    }
    // 0 would make the JDK evict from an empty list; the smallest cap it can keep is 1
    return Math.max(1, idleCap(settings(url)));
  }

  /**
   * The most idle connections the JDK's cache keeps for a host: {@code max-idle-per-host} when configured, never
   * more than {@code max-connections-per-host}. Left at its built-in default, the cap is
   * {@code max-connections-per-host}: the cache limits only idle connections, and closes one released beyond the
   * cap at once, so a cap below the application's concurrency closes the connections of every request in flight
   * when they all finish together (a batch, a barrier, a pause) and the next requests open them again. The agent's
   * own pools of the other families keep up to {@code max-connections-per-host} idle too, until their idle timeout.
   */
  private int idleCap(PoolSettings settings) {
    int maxConnections = settings.maxConnectionsPerHost();
    int maxIdle = settings.maxIdlePerHost();
    return maxIdle == defaultMaxIdlePerHost ? maxConnections : Math.min(maxIdle, maxConnections);
  }

  int keepAliveTimeout(URL url, int jdkValue) {
    // the JDK's codes: > 0 the server's timeout in seconds; 0 no Keep-Alive header; -1 no timeout in it;
    // -2 the server said timeout=0 (close at once)
    if (jdkValue == -2) {
      return jdkValue;
    }
    if (jdkValue <= 0 && jdkIdleTimeoutSet) {
      return jdkValue;
    }
    long millis = settings(url).idleTimeoutMillis();
    if (millis <= 0) {
      return -2;
    }
    int seconds = (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    if (jdkValue > 0) {
      return Math.min(jdkValue, seconds);
    }
    // a server that does not say how long it keeps idle connections may close them after 5 s (the JDK's guess)
    // or 20 s (Tomcat): the built-in default only shortens the JDK's guess, a configured value replaces it
    return millis == defaultIdleTimeoutMillis ? Math.min(seconds, JDK_UNHINTED_TIMEOUT_SECONDS) : seconds;
  }

  private PoolSettings settings(URL url) {
    int port = url.getPort();
    return config.poolSettings(url.getHost(), port == -1 ? url.getDefaultPort() : port);
  }

  long requestStarting() {
    ThreadState state = STATE.get();
    state.countedFailure = null;
    state.countedType = null;
    long now = System.nanoTime();
    return now == 0L ? 1L : now;
  }

  void responded(HttpURLConnection connection, long startNanos, int status, Throwable error) {
    long nanos = System.nanoTime() - startNanos;
    Destination destination = destination(connection.getURL());
    String method = connection.getRequestMethod();
    if (status > 0 || error == null) {
      recorder.requestFinished(destination, method, Math.max(status, 0), null, nanos);
      return;
    }
    ThreadState state = STATE.get();
    ErrorType type;
    if (error == state.countedFailure) {
      type = state.countedType;
    } else {
      type = ErrorType.classify(error, false, state.lastReused);
      recorder.failed(destination, type);
      // a stale connection the JDK did not retry on (a streaming body, or a POST with retryPost=false)
      KeepAliveConnections.Connection failed = state.lastAcquired;
      if (type == ErrorType.STALE_CONNECTION && failed != null && failed.reused) {
        staleGuard.closedByServerAfterIdle(failed.destination(), failed.idleBeforeReuseNanos);
      }
    }
    state.countedFailure = null;
    recorder.requestFinished(destination, method, 0, type, nanos);
  }

  boolean shouldDrain(HttpURLConnection connection, int status) {
    if (status < 200 || status == HttpURLConnection.HTTP_UNAUTHORIZED
        || status == HttpURLConnection.HTTP_PROXY_AUTH || "HEAD".equals(connection.getRequestMethod())) {
      return false;
    }
    long length = connection.getHeaderFieldLong("content-length", -1);
    return length > 0 && length <= DRAIN_LIMIT_BYTES;
  }

  void drained(HttpURLConnection connection) {
    recorder.bodyBuffered(destination(connection.getURL()));
  }

  /**
   * {@code HttpsURLConnection.getDefaultSSLSocketFactory()} creates the default factory lazily without a lock:
   * threads starting at once each create one, all from the same default {@code SSLContext}, and since the JDK's
   * keep-alive cache keys https connections by factory instance, each gets connections of its own. The first
   * factory created wins; the others are replaced by it.
   */
  SSLSocketFactory firstDefaultFactory(SSLSocketFactory created) {
    if (created == null) {
      return null;
    }
    firstDefaultFactory.compareAndSet(null, created);
    return firstDefaultFactory.get();
  }

  /** Lets the next {@code KeepAliveStream.hurry()} of this thread wait for a small body still arriving, or ends that. */
  void awaitingBody(boolean awaiting) {
    STATE.get().awaitingBody = awaiting;
  }

  /**
   * Inside {@code KeepAliveStream.hurry()}, which found the body not fully arrived: when the agent's own call asked
   * for it ({@link #awaitingBody}), reads the {@code remaining} bytes from the stream's source {@code in} within a
   * short time budget, without changing what the application will read. Returns a {@link ByteArrayInputStream}
   * with all of them; or, when only part arrived in time, a stream of that part followed by the rest of {@code in}
   * (or by the failure reading it met); or null when nothing was read.
   * <p>
   * Reads the rest of a small body within {@link #AWAIT_BUDGET_NANOS}, by bounding each blocking read with the
   * socket's read timeout (restored afterwards). A timeout leaves the JDK's streams usable (TLS included: the
   * partial record is kept), so the application reads on where the agent stopped; any other failure is kept and
   * handed to the application where it would have met it.
   */
  InputStream awaitBody(Object client, InputStream in, long remaining) {
    if (!STATE.get().awaitingBody || remaining <= 0 || remaining > DRAIN_LIMIT_BYTES) {
      return null;
    }
    Socket socket = connections.socketOf(client);
    if (socket == null) {
      return null;
    }
    byte[] buffer = new byte[(int) remaining];
    long deadline = System.nanoTime() + AWAIT_BUDGET_NANOS;
    int filled = 0;
    IOException failure = null;
    int previousTimeout = -1;
    try {
      previousTimeout = socket.getSoTimeout();
      while (filled < buffer.length) {
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMillis <= 0) {
          break;
        }
        socket.setSoTimeout(previousTimeout == 0 ? (int) leftMillis : (int) Math.min(previousTimeout, leftMillis));
        int read = in.read(buffer, filled, buffer.length - filled);
        if (read < 0) {
          break;
        }
        filled += read;
      }
    } catch (SocketTimeoutException timeout) {
      // the budget is spent; the application waits on with its own timeout
    } catch (IOException e) {
      failure = e;
    } finally {
      restoreTimeout(socket, previousTimeout);
    }
    if (filled == buffer.length) {
      return new ByteArrayInputStream(buffer);
    }
    if (filled == 0 && failure == null) {
      return null;
    }
    return new SequenceInputStream(new ByteArrayInputStream(buffer, 0, filled),
        failure == null ? in : new FailedStream(failure));
  }

  private static void restoreTimeout(Socket socket, int previousTimeout) {
    if (previousTimeout >= 0) {
      try {
        socket.setSoTimeout(previousTimeout);
      } catch (IOException closed) {
        // nothing left to restore
      }
    }
  }

  /** What the source of a body gives after the failure the agent met while reading it: that same failure. */
  private static final class FailedStream extends InputStream {
    private final IOException failure;

    FailedStream(IOException failure) {
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      throw failure;
    }
  }
}
