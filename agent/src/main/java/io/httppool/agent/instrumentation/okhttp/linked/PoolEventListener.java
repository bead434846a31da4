package io.httppool.agent.instrumentation.okhttp.linked;

import io.httppool.agent.core.CallTrace;
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
 * Sits in front of the application's listener for one call: feeds the pool's {@link CallTrace}, then passes
 * every event on unchanged. It overrides every event of OkHttp 5 (a superset of 3.x and 4.x); on an older
 * OkHttp the newer methods are simply never called. Bookkeeping never throws into OkHttp.
 */
final class PoolEventListener extends EventListener {
  private final EventListener application;
  private final CallTrace trace;

  PoolEventListener(EventListener application, CallTrace trace) {
    this.application = application;
    this.trace = trace;
  }

  private static void failed(Throwable error) {
    AgentStatus.adviceFailed("okhttp event listener", error);
  }

  @Override
  public void callStart(Call call) {
    try {
      Request request = call.request();
      HttpUrl url = request.url();
      trace.started(url.scheme(), url.host(), url.port(), request.method());
    } catch (Throwable t) {
      failed(t);
    }
    application.callStart(call);
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
    trace.connected();
    application.connectEnd(call, address, proxy, protocol);
  }

  @Override
  public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
      IOException error) {
    try {
      trace.connectFailed(error);
    } catch (Throwable t) {
      failed(t);
    }
    application.connectFailed(call, address, proxy, protocol, error);
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    try {
      HttpUrl url = connection.route().address().url();
      trace.acquired(connection, connection.socket(), url.scheme(), url.host(), url.port());
    } catch (Throwable t) {
      failed(t);
    }
    application.connectionAcquired(call, connection);
  }

  @Override
  public void connectionReleased(Call call, Connection connection) {
    try {
      trace.released();
    } catch (Throwable t) {
      failed(t);
    }
    application.connectionReleased(call, connection);
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    try {
      trace.responseStatus(response.code());
      trace.keepAliveHeader(response.header("Keep-Alive"));
    } catch (Throwable t) {
      failed(t);
    }
    application.responseHeadersEnd(call, response);
  }

  @Override
  public void requestFailed(Call call, IOException error) {
    try {
      trace.exchangeFailed(error);
    } catch (Throwable t) {
      failed(t);
    }
    application.requestFailed(call, error);
  }

  @Override
  public void responseFailed(Call call, IOException error) {
    try {
      trace.exchangeFailed(error);
    } catch (Throwable t) {
      failed(t);
    }
    application.responseFailed(call, error);
  }

  @Override
  public void callEnd(Call call) {
    try {
      trace.ended();
    } catch (Throwable t) {
      failed(t);
    }
    application.callEnd(call);
  }

  @Override
  public void callFailed(Call call, IOException error) {
    try {
      trace.failed(error);
    } catch (Throwable t) {
      failed(t);
    }
    application.callFailed(call, error);
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
