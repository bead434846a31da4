package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.StaleRetry;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The agent's element in an async client's exec chain, just outside the library's retry element with its default
 * strategy. It retries once, on a new connection, a request whose reused connection turned out closed before any
 * byte of the request was written: httpcore (5.1.3+) fails such a request with {@code RequestNotExecutedException}
 * and calls it safe to execute again, yet the default strategy refuses every {@code ConnectionClosedException},
 * whatever the method. A keep-alive close that meets a reuse lands there when the server's FIN arrives before the
 * reactor writes the request; that request was never sent, so a POST is retried too.
 *
 * <p>Never a request that had a response head, a cancelled one, one whose entity cannot be produced twice, a
 * retry of its own, or an attempt already over: httpcore's session queues a request and then, if it finds the
 * session closed, cancels it as not executed, even when the I/O reactor took it from the queue in between, sent it
 * and failed it on the server's close (5.3.4: {@code IOSessionImpl.enqueue}, {@code RequestExecutionCommand.cancel}).
 * That late "not executed" reaches the callback after the real failure; only the first outcome of an attempt
 * counts. {@link StaleRetry} decides the rest ({@code retry-stale}) and counts it. The library's retry
 * element below copies the request before each attempt, so the request this element was given is still as the
 * caller made it, without the headers the protocol element adds.
 */
final class AsyncNotExecutedRetry implements AsyncExecChainHandler {
  static final String NAME = "httppool-not-executed-retry";
  static final String NOT_EXECUTED = "org.apache.hc.core5.http.RequestNotExecutedException";

  private final StaleRetry staleRetry;
  private final AsyncExchanges exchanges;

  AsyncNotExecutedRetry(StaleRetry staleRetry, AsyncExchanges exchanges) {
    this.staleRetry = staleRetry;
    this.exchanges = exchanges;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
    AsyncExchanges.Exchange exchange = exchanges.get(scope.exchangeId);
    if (exchange == null) {
      chain.proceed(request, entityProducer, scope, callback);
      return;
    }
    chain.proceed(request, entityProducer, scope, new Attempt(request, entityProducer, scope, chain, callback,
        exchange, false));
  }

  private final class Attempt implements AsyncExecCallback {
    private final HttpRequest request;
    private final AsyncEntityProducer entityProducer;
    private final AsyncExecChain.Scope scope;
    private final AsyncExecChain chain;
    private final AsyncExecCallback delegate;
    private final AsyncExchanges.Exchange exchange;
    private final boolean retry;
    private volatile boolean responded;
    /** Set by the attempt's first outcome; the library may report a second one (see the class comment). */
    private final AtomicBoolean ended = new AtomicBoolean();

    Attempt(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope, AsyncExecChain chain,
        AsyncExecCallback delegate, AsyncExchanges.Exchange exchange, boolean retry) {
      this.request = request;
      this.entityProducer = entityProducer;
      this.scope = scope;
      this.chain = chain;
      this.delegate = delegate;
      this.exchange = exchange;
      this.retry = retry;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      responded = true;
      return delegate.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      responded = true;
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      if (ended.compareAndSet(false, true)) {
        delegate.completed();
      }
    }

    @Override
    public void failed(Exception cause) {
      if (!ended.compareAndSet(false, true)) {
        // the exchange already has its outcome, passed on or being retried: a second one would reach no one
        // without the agent either (the client's future completes once)
        return;
      }
      if (retry || responded || !cause.getClass().getName().equals(NOT_EXECUTED) || !retried(cause)) {
        delegate.failed(cause);
      }
    }

    /** Retries the request when it may; false when it may not, or could not be started again. */
    private boolean retried(Exception cause) {
      try {
        if (!mayRetry(cause)) {
          return false;
        }
        exchange.trace().agentRetryStarting();
        exchange.retryStarting();
        scope.execRuntime.discardEndpoint();
        if (entityProducer != null) {
          entityProducer.releaseResources();
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed("apache5 async stale retry", t);
        return false;
      }
      try {
        chain.proceed(request, entityProducer, scope, new Attempt(request, entityProducer, scope, chain, delegate,
            exchange, true));
      } catch (HttpException | IOException | RuntimeException e) {
        delegate.failed(e);
      }
      return true;
    }

    private boolean mayRetry(Exception cause) {
      if ((entityProducer != null && !entityProducer.isRepeatable())
          || (scope.cancellableDependency != null && scope.cancellableDependency.isCancelled())) {
        return false;
      }
      RequestTrace trace = exchange.trace();
      boolean reused = trace.onReusedConnection();
      return trace.attemptFailed(cause) == ErrorType.STALE_CONNECTION && reused
          && staleRetry.shouldRetryStale(trace.server(), request.getMethod(), true);
    }
  }
}
