package io.httppool.agent.instrumentation.okhttp.linked;

import io.httppool.agent.core.ConnectionTracker;
import io.httppool.agent.core.KeepAliveHeader;
import io.httppool.agent.core.RequestTrace;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sits in front of the application's listener for one call: feeds the call's {@link RequestTrace} and the
 * connection tracker, then passes every event on unchanged. It overrides every event of OkHttp 5 (a superset of
 * 3.x and 4.x); on an older OkHttp the newer methods are simply never called. Bookkeeping never throws into OkHttp.
 *
 * <p>What OkHttp tells in its own way: a connection acquired is new when this call connected it (connect end),
 * reused otherwise; each acquisition starts an attempt, so one after a failed exchange is OkHttp's retry of the
 * call; a failed connect is counted but starts no attempt (OkHttp tries the next route, or OkHttp 5 races several
 * at once). Events of one call arrive one at a time, except those concurrent connects.
 */
final class PoolEventListener extends EventListener {
  private final EventListener application;
  private final CallTracing tracing;
  /** From call start on. */
  private RequestTrace trace;
  private volatile boolean connectedNew;
  private ConnectionTracker.Tracked connection;
  private int status;

  PoolEventListener(EventListener application, CallTracing tracing) {
    this.application = application;
    this.tracing = tracing;
  }

  private static void failed(Throwable error) {
    AgentStatus.adviceFailed("okhttp event listener", error);
  }

  @Override
  public void callStart(Call call) {
    try {
      Request request = call.request();
      HttpUrl url = request.url();
      trace = tracing.tracer.start(tracing.destinations.get(url.scheme(), url.host(), url.port()), request.method());
    } catch (Throwable t) {
      failed(t);
    }
    application.callStart(call);
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
    connectedNew = true;
    application.connectEnd(call, address, proxy, protocol);
  }

  @Override
  public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
      IOException error) {
    try {
      if (trace != null) {
        trace.connectFailed(error);
      }
    } catch (Throwable t) {
      failed(t);
    }
    application.connectFailed(call, address, proxy, protocol, error);
  }

  @Override
  public void connectionAcquired(Call call, Connection acquired) {
    try {
      acquired(acquired);
    } catch (Throwable t) {
      failed(t);
    }
    application.connectionAcquired(call, acquired);
  }

  private void acquired(Connection acquired) {
    boolean reused = !connectedNew;
    connectedNew = false;
    HttpUrl url = acquired.route().address().url();
    long now = System.nanoTime();
    connection = tracing.connections.track(acquired, tracing.destinations.get(url.scheme(), url.host(), url.port()),
        acquired.socket(), now);
    long idleNanos = reused ? connection.idleNanos(now) : 0;
    tracing.connections.acquired(connection);
    tracing.recorder.connectionAcquired(connection.destination(), reused);
    if (trace != null) {
      trace.attemptStarting();
      trace.acquired(connection.destination(), reused, idleNanos);
    }
  }

  @Override
  public void connectionReleased(Call call, Connection released) {
    try {
      if (connection != null) {
        tracing.connections.released(connection);
        connection = null;
      }
    } catch (Throwable t) {
      failed(t);
    }
    application.connectionReleased(call, released);
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    try {
      status = response.code();
      long keepAliveMillis = KeepAliveHeader.timeoutMillis(response.header("Keep-Alive"));
      if (keepAliveMillis > 0 && connection != null) {
        connection.keepAliveHintMillis(keepAliveMillis);
      }
    } catch (Throwable t) {
      failed(t);
    }
    application.responseHeadersEnd(call, response);
  }

  @Override
  public void requestFailed(Call call, IOException error) {
    exchangeFailed(error);
    application.requestFailed(call, error);
  }

  @Override
  public void responseFailed(Call call, IOException error) {
    exchangeFailed(error);
    application.responseFailed(call, error);
  }

  /** A request or response on the current connection failed; OkHttp may still retry the call. */
  private void exchangeFailed(IOException error) {
    try {
      if (trace != null) {
        trace.attemptFailed(error);
      }
    } catch (Throwable t) {
      failed(t);
    }
  }

  @Override
  public void callEnd(Call call) {
    finished(null);
    application.callEnd(call);
  }

  @Override
  public void callFailed(Call call, IOException error) {
    finished(error);
    application.callFailed(call, error);
  }

  private void finished(IOException error) {
    try {
      if (trace != null) {
        trace.finished(status, error);
      }
    } catch (Throwable t) {
      failed(t);
    }
  }

  // Events the pool does not need, passed on as they come.

  @Override
  public void dispatcherQueueStart(Call call, Dispatcher dispatcher) {
    application.dispatcherQueueStart(call, dispatcher);
  }

  @Override
  public void dispatcherQueueEnd(Call call, Dispatcher dispatcher) {
    application.dispatcherQueueEnd(call, dispatcher);
  }

  @Override
  public void proxySelectStart(Call call, HttpUrl url) {
    application.proxySelectStart(call, url);
  }

  @Override
  public void proxySelectEnd(Call call, HttpUrl url, List<Proxy> proxies) {
    application.proxySelectEnd(call, url, proxies);
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    application.dnsStart(call, domainName);
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) {
    application.dnsEnd(call, domainName, addresses);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    application.connectStart(call, address, proxy);
  }

  @Override
  public void secureConnectStart(Call call) {
    application.secureConnectStart(call);
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    application.secureConnectEnd(call, handshake);
  }

  @Override
  public void requestHeadersStart(Call call) {
    application.requestHeadersStart(call);
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    application.requestHeadersEnd(call, request);
  }

  @Override
  public void requestBodyStart(Call call) {
    application.requestBodyStart(call);
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    application.requestBodyEnd(call, byteCount);
  }

  @Override
  public void responseHeadersStart(Call call) {
    application.responseHeadersStart(call);
  }

  @Override
  public void responseBodyStart(Call call) {
    application.responseBodyStart(call);
  }

  @Override
  public void responseBodyEnd(Call call, long byteCount) {
    application.responseBodyEnd(call, byteCount);
  }

  @Override
  public void canceled(Call call) {
    application.canceled(call);
  }

  @Override
  public void satisfactionFailure(Call call, Response response) {
    application.satisfactionFailure(call, response);
  }

  @Override
  public void cacheHit(Call call, Response cachedResponse) {
    application.cacheHit(call, cachedResponse);
  }

  @Override
  public void cacheMiss(Call call) {
    application.cacheMiss(call);
  }

  @Override
  public void cacheConditionalHit(Call call, Response cachedResponse) {
    application.cacheConditionalHit(call, cachedResponse);
  }

  @Override
  public void retryDecision(Call call, IOException exception, boolean retry) {
    application.retryDecision(call, exception, retry);
  }

  @Override
  public void followUpDecision(Call call, Response networkResponse, Request nextRequest) {
    application.followUpDecision(call, networkResponse, nextRequest);
  }
}
