package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * The outermost element of an async client's exec chain (added for the duration of {@code build()}): request
 * duration to completion, method, final status and error, around redirects and retries as the caller sees them.
 * Everything is passed on unchanged.
 *
 * <p>Each request is registered by exchange id ({@link AsyncExchanges}), so the lease of its last attempt tells
 * it whether that attempt ran on a reused connection and how long the connection had been idle. A failure there
 * before any response head arrived, with the server closing or resetting the connection (in 5.x async mostly a
 * {@code ConnectionClosedException}, "Connection closed by peer", or its subclass
 * {@code RequestNotExecutedException}), is {@code stale_connection}, and teaches the stale-connection guard the
 * server's idle timeout, as a stale failure of the classic client does.
 */
final class AsyncRequestMetrics implements AsyncExecChainHandler {
  static final String NAME = "httppool-metrics";
  /** Before any response head, the 5.x reactor's own report of a peer's close is a stale connection too. */
  private static final RequestTrace.Errors ERRORS =
      (error, whileConnecting, onReusedBeforeResponse) -> Apache5Errors.classifyAsync(error, onReusedBeforeResponse);

  private final RequestTracer tracer;
  private final Routes routes;
  private final AsyncExchanges exchanges;

  AsyncRequestMetrics(PoolRecorder recorder, Routes routes, StaleConnectionGuard guard, AsyncExchanges exchanges) {
    this.tracer = new RequestTracer(recorder, guard, ERRORS);
    this.routes = routes;
    this.exchanges = exchanges;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
    Traced traced = null;
    try {
      traced = new Traced(callback, routes.destination(scope.route), request.getMethod(),
          scope.exchangeId);
      exchanges.started(scope.exchangeId, traced);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 async request", t);
    }
    if (traced == null) {
      chain.proceed(request, entityProducer, scope, callback);
      return;
    }
    try {
      chain.proceed(request, entityProducer, scope, traced);
    } catch (HttpException | IOException | RuntimeException e) {
      traced.finish(e);
      throw e;
    }
  }

  private final class Traced implements AsyncExecCallback, AsyncExchanges.Exchange {
    private final AsyncExecCallback delegate;
    private final RequestTrace trace;
    private final String exchangeId;
    private volatile int status;
    private volatile boolean finished;
    private volatile boolean retrying;

    Traced(AsyncExecCallback delegate, Destination destination, String method, String exchangeId) {
      this.delegate = delegate;
      this.trace = tracer.start(destination, method);
      this.exchangeId = exchangeId;
    }

    @Override
    public void leased(boolean reused, long idleNanos) {
      trace.acquired(reused, idleNanos);
    }

    @Override
    public RequestTrace trace() {
      return trace;
    }

    @Override
    public void retryStarting() {
      retrying = true;
    }

    @Override
    public boolean takeRetryLease() {
      // the leases of one request come one after another
      if (!retrying) {
        return false;
      }
      retrying = false;
      return true;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      status = response.getCode();
      trace.responseHeadArrived();
      return delegate.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      trace.responseHeadArrived();
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      finish(null);
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      finish(cause);
      delegate.failed(cause);
    }

    void finish(Exception error) {
      if (finished) {
        return;
      }
      finished = true;
      try {
        exchanges.finished(exchangeId, this);
        trace.finished(status, error);
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 async request", t);
      }
    }
  }
}
