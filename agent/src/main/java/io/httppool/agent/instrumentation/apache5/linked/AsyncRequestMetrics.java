package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.metrics.PoolMetrics;
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
 */
final class AsyncRequestMetrics implements AsyncExecChainHandler {
  static final String NAME = "httppool-metrics";

  private final PoolMetrics metrics;

  AsyncRequestMetrics(PoolMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
    Traced traced = null;
    try {
      traced = new Traced(callback, Routes.destination(metrics, scope.route), request.getMethod());
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

  private final class Traced implements AsyncExecCallback {
    private final AsyncExecCallback delegate;
    private final Destination destination;
    private final String method;
    private final long startNanos = System.nanoTime();
    private volatile int status;
    private volatile boolean finished;

    Traced(AsyncExecCallback delegate, Destination destination, String method) {
      this.delegate = delegate;
      this.destination = destination;
      this.method = method;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      status = response.getCode();
      return delegate.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
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
        long nanos = System.nanoTime() - startNanos;
        if (error == null) {
          metrics.requestFinished(destination, method, status, null, nanos);
        } else {
          ErrorType type = Apache5Errors.classify(error, false, false);
          metrics.failed(destination, type);
          metrics.requestFinished(destination, method, status, type, nanos);
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 async request", t);
      }
    }
  }
}
