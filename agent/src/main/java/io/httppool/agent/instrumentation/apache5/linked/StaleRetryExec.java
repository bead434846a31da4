package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.instrumentation.apache.LibraryRetry;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.ClassicRequestCopier;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * The agent's element in a classic client's exec chain, added during {@code build()} just inside the library's
 * retry element, or where that element would be when the client was built with {@code disableAutomaticRetries()}.
 * Each pass through it is one attempt of the request (see {@link ClassicRequestTrace}): failures are counted as
 * they happen, the library's retries are counted, and a stale failure teaches the guard the server's idle timeout.
 *
 * <p>It retries once, itself, a request whose attempt failed only because the idle connection it reused had gone
 * stale, where the library will not: always when the client has no retry element; with the library's default
 * strategy only where that strategy refuses the failure (it retries idempotent requests on most I/O errors, not on
 * {@code ConnectionClosedException}); never with a strategy of the application's, never a retry of the library's
 * own retry, never a request whose entity cannot be sent twice, never an aborted one. {@link StaleRetry} decides the
 * rest (idempotent methods only, {@code retry-stale}). The retry proceeds with a copy of the original request, as
 * the retry element does, inside {@link StaleRetry#begin()}, so that every pool, the application's too, hands it a
 * new connection.
 */
final class StaleRetryExec implements ExecChainHandler {
  static final String NAME = "httppool-stale-retry";

  private final StaleRetry staleRetry;
  private final LibraryRetry libraryRetry;
  private final boolean requestBuilderCopies;

  /** @param libraryRetry none for {@code disableAutomaticRetries()}; default for the default strategy */
  StaleRetryExec(StaleRetry staleRetry, LibraryRetry libraryRetry, boolean requestBuilderCopies) {
    this.staleRetry = staleRetry;
    this.libraryRetry = libraryRetry;
    this.requestBuilderCopies = requestBuilderCopies;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    RequestTrace trace = ClassicRequestTrace.current();
    boolean libraryRetry = false;
    try {
      libraryRetry = trace != null && trace.attemptStarting();
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 stale retry", t);
      trace = null;
    }
    if (trace == null) {
      return chain.proceed(request, scope);
    }
    ClassicHttpResponse response;
    boolean unretriable = unretriable(request);
    Boolean outer = unretriable ? StaleConnectionGuard.beginUnretriableRequest() : null;
    try {
      response = chain.proceed(request, scope);
    } catch (IOException e) {
      ClassicHttpRequest retry = retryRequest(failed(trace, e), libraryRetry, trace, e, request, scope);
      if (retry == null) {
        throw e;
      }
      return proceedWithNewConnection(trace, retry, scope, chain);
    } catch (HttpException | RuntimeException e) {
      failed(trace, e);
      throw e;
    } finally {
      if (unretriable) {
        StaleConnectionGuard.endUnretriableRequest(outer);
      }
    }
    succeeded(trace);
    return response;
  }

  /**
   * Whether neither the library's retry element nor the agent would retry this request once sent on a stale
   * connection: a non-idempotent method, or a body that cannot be sent again. The lease runs on this thread,
   * inside {@code chain.proceed}: the guard then probes every idle connection it would hand the request.
   */
  private static boolean unretriable(ClassicHttpRequest request) {
    try {
      return StaleConnectionGuard.unretriable(request.getMethod(), repeatable(request.getEntity()));
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 stale retry", t);
      return false;
    }
  }

  /** Counts the failure of an attempt; returns its type, or null when that failed. */
  private static ErrorType failed(RequestTrace trace, Exception error) {
    try {
      return trace.attemptFailed(error);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 stale retry", t);
      return null;
    }
  }

  /** The request to retry a failed attempt with, or null when the agent does not retry it. */
  private ClassicHttpRequest retryRequest(ErrorType failure, boolean libraryRetry, RequestTrace trace,
      IOException error, ClassicHttpRequest request, ExecChain.Scope scope) {
    try {
      if (failure != ErrorType.STALE_CONNECTION || libraryRetry || !agentMayRetry(request, scope, error)
          || !staleRetry.shouldRetry(trace.destination(), request.getMethod(), false, trace.onReusedConnection(),
              error)) {
        return null;
      }
      ClassicHttpRequest copy = copy(scope.originalRequest);
      trace.agentRetryStarting();
      return copy;
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 stale retry", t);
      return null;
    }
  }

  private boolean agentMayRetry(ClassicHttpRequest request, ExecChain.Scope scope, IOException error) {
    boolean sendableAgain = !scope.execRuntime.isExecutionAborted() && repeatable(request.getEntity())
        && repeatable(scope.originalRequest.getEntity()) && !isCancelled(scope.originalRequest);
    // an attempt that is not a retry is the retry element's first: it asks its strategy with execCount 1
    return libraryRetry.leavesToAgent(sendableAgain,
        () -> DefaultHttpRequestRetryStrategy.INSTANCE.retryRequest(request, error, 1, scope.clientContext));
  }

  private static boolean repeatable(HttpEntity entity) {
    return entity == null || entity.isRepeatable();
  }

  private static boolean isCancelled(ClassicHttpRequest request) {
    return request instanceof CancellableDependency && ((CancellableDependency) request).isCancelled();
  }

  @SuppressWarnings("deprecation")
  private ClassicHttpRequest copy(ClassicHttpRequest original) {
    // what the retry element of the same version does: httpcore 5.1+ has ClassicRequestBuilder.copy
    return requestBuilderCopies ? ClassicRequestBuilder.copy(original).build()
        : ClassicRequestCopier.INSTANCE.copy(original);
  }

  private static ClassicHttpResponse proceedWithNewConnection(RequestTrace trace, ClassicHttpRequest request,
      ExecChain.Scope scope, ExecChain chain) throws IOException, HttpException {
    StaleRetry.begin();
    ClassicHttpResponse response;
    try {
      response = chain.proceed(request, scope);
    } catch (IOException | HttpException | RuntimeException e) {
      failed(trace, e);
      throw e;
    } finally {
      StaleRetry.end();
    }
    succeeded(trace);
    return response;
  }

  private static void succeeded(RequestTrace trace) {
    try {
      trace.attemptSucceeded();
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache5 stale retry", t);
    }
  }
}
