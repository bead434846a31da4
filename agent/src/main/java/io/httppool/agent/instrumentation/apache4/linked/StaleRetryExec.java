package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import io.httppool.agent.instrumentation.apache.LibraryRetry;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpException;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.execchain.ClientExecChain;
import org.apache.http.protocol.HttpCoreContext;

/**
 * Around the main exec chain of a client from {@code HttpClientBuilder}, below the library's {@code RetryExec}, so
 * it sees every attempt of a request. A failed attempt teaches the stale-connection guard when it met a stale
 * connection, and is counted as retried when the library tries the request again. The agent retries, once, on a
 * new connection, a request that failed only because the idle connection it reused was stale, and only where the
 * library will not: for a client without automatic retries, and, with the library's default retry handler, for an
 * idempotent request with an entity once sent (PUT; the handler retries only requests without an entity, or not
 * sent whole). Never with a retry handler of the application's, never a POST (the library marks a request sent
 * only after the flush, so it cannot prove that no byte left), never a non-repeatable entity or an aborted request.
 */
final class StaleRetryExec implements ClientExecChain {
  private static final String FAILED_ATTEMPTS = "io.httppool.apache4.failed-attempts";

  /** Kept in the request's context once an attempt failed; a new request (a redirect too) starts afresh. */
  private static final class FailedAttempts {
    final HttpRequestWrapper request;
    final Destination destination;
    /** The last attempt's failure, until it is counted when the library tries again (or the request fails). */
    ErrorType uncounted;
    boolean retriedByAgent;

    FailedAttempts(HttpRequestWrapper request, Destination destination) {
      this.request = request;
      this.destination = destination;
    }
  }

  private final ClientExecChain next;
  private final LibraryRetry libraryRetries;
  private final LeaseReporter reporter;
  private final StaleConnectionGuard guard;
  private final StaleRetry staleRetry;
  private final ClientDestinations destinations;
  private final PoolRecorder recorder;

  StaleRetryExec(ClientExecChain next, LibraryRetry libraryRetries, LeaseReporter reporter,
      StaleConnectionGuard guard, StaleRetry staleRetry, ClientDestinations destinations, PoolRecorder recorder) {
    this.next = next;
    this.libraryRetries = libraryRetries;
    this.reporter = reporter;
    this.guard = guard;
    this.staleRetry = staleRetry;
    this.destinations = destinations;
    this.recorder = recorder;
  }

  @Override
  public CloseableHttpResponse execute(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
      HttpExecutionAware execAware) throws IOException, HttpException {
    boolean failedBefore = countRetryByLibrary(context, request);
    try {
      CloseableHttpResponse response = attempt(route, request, context, execAware);
      if (failedBefore) {
        // an application may reuse its context: let it hold no request it is done with
        context.removeAttribute(FAILED_ATTEMPTS);
      }
      return response;
    } catch (IOException error) {
      if (!retryByAgent(route, request, context, execAware, error)) {
        throw error;
      }
      StaleRetry.begin();
      try {
        CloseableHttpResponse response = attempt(route, request, context, execAware);
        context.removeAttribute(FAILED_ATTEMPTS);
        return response;
      } catch (IOException retryError) {
        attemptFailed(route, request, context, retryError);
        throw retryError;
      } finally {
        StaleRetry.end();
      }
    }
  }

  /**
   * When the library tries again a request whose last attempt failed, counts that failure and the retry; returns
   * whether an attempt of the request failed before.
   */
  private boolean countRetryByLibrary(HttpClientContext context, HttpRequestWrapper request) {
    try {
      FailedAttempts failed = failedAttempts(context, request);
      if (failed != null && failed.uncounted != null) {
        recorder.failed(failed.destination, failed.uncounted);
        recorder.retried(failed.destination, failed.uncounted.id());
        failed.uncounted = null;
      }
      return failed != null;
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 retry count", e);
      return false;
    }
  }

  /**
   * Records the failed attempt (left uncounted: the library may try again, else the request fails with it) and
   * teaches the guard when it met a stale connection; null if that failed.
   */
  private FailedAttempts attemptFailed(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
      IOException error) {
    try {
      FailedAttempts failed = failedAttempts(context, request);
      if (failed == null) {
        failed = new FailedAttempts(request, LinkedApache4Support.destination(destinations, route.getTargetHost()));
        context.setAttribute(FAILED_ATTEMPTS, failed);
      }
      failed.uncounted = ErrorType.classify(error, false, reporter.lastLeaseReused());
      if (failed.uncounted == ErrorType.STALE_CONNECTION) {
        guard.closedByServerAfterIdle(failed.destination, reporter.lastLeaseIdleNanos());
      }
      return failed;
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 failed attempt", e);
      return null;
    }
  }

  private boolean retryByAgent(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
      HttpExecutionAware execAware, IOException error) {
    FailedAttempts failed = attemptFailed(route, request, context, error);
    try {
      if (failed == null || failed.retriedByAgent || !agentMayRetry(request, context, execAware)
          || !staleRetry.shouldRetry(failed.destination, request.getRequestLine().getMethod(), false,
              reporter.lastLeaseReused(), error)) {
        return false;
      }
      failed.retriedByAgent = true;
      recorder.failed(failed.destination, failed.uncounted);
      failed.uncounted = null;
      return true;
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 stale retry", e);
      return false;
    }
  }

  private CloseableHttpResponse attempt(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
      HttpExecutionAware execAware) throws IOException, HttpException {
    reporter.forgetLastLease();
    if (!unretriable(request)) {
      return next.execute(route, request, context, execAware);
    }
    // the lease runs on this thread: the guard probes every idle connection it would hand this request
    Boolean outer = StaleConnectionGuard.beginUnretriableRequest();
    try {
      return next.execute(route, request, context, execAware);
    } finally {
      StaleConnectionGuard.endUnretriableRequest(outer);
    }
  }

  /**
   * Whether neither the library's default handler nor the agent would retry this request once sent on a stale
   * connection: a non-idempotent method, or a body that cannot be sent again.
   */
  private static boolean unretriable(HttpRequestWrapper request) {
    try {
      HttpEntity entity = request instanceof HttpEntityEnclosingRequest
          ? ((HttpEntityEnclosingRequest) request).getEntity() : null;
      return StaleConnectionGuard.unretriable(request.getRequestLine().getMethod(),
          entity == null || entity.isRepeatable());
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 stale retry", e);
      return false;
    }
  }

  private static FailedAttempts failedAttempts(HttpClientContext context, HttpRequestWrapper request) {
    Object attribute = context.getAttribute(FAILED_ATTEMPTS);
    return attribute instanceof FailedAttempts && ((FailedAttempts) attribute).request == request
        ? (FailedAttempts) attribute : null;
  }

  /**
   * Whether the library leaves this failure alone and the request can be sent again as it was. The default
   * handler retries a request without an entity, or one not sent whole.
   */
  private boolean agentMayRetry(HttpRequestWrapper request, HttpClientContext context,
      HttpExecutionAware execAware) {
    boolean enclosesEntity = request instanceof HttpEntityEnclosingRequest;
    HttpEntity entity = enclosesEntity ? ((HttpEntityEnclosingRequest) request).getEntity() : null;
    boolean sendableAgain = (execAware == null || !execAware.isAborted()) && (entity == null || entity.isRepeatable());
    return libraryRetries.leavesToAgent(sendableAgain, () -> !enclosesEntity
        || !Boolean.TRUE.equals(context.getAttribute(HttpCoreContext.HTTP_REQ_SENT)));
  }
}
