package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
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
 * each pass through it is one attempt of the request traced on the calling thread (see {@link LeaseReporter}): a
 * failed attempt is counted, and teaches the stale-connection guard when it met a stale connection; an attempt
 * after a failed one is the library's retry. The agent retries, once for each request it sends (a redirect sends
 * another), on a new connection, a request that failed only because the idle connection it reused was stale, and
 * only where the library will not: for a client without automatic retries, and, with the library's default retry
 * handler, for an idempotent request with an entity once sent (PUT; the handler retries only requests without an
 * entity, or not sent whole). Never with a retry handler of the application's, never a POST (the library marks a
 * request sent only after the flush, so it cannot prove that no byte left), never a non-repeatable entity or an
 * aborted request.
 */
final class StaleRetryExec implements ClientExecChain {
  /** The request the agent retried, kept in its context so that the library's retries of it are not retried again. */
  private static final String RETRIED_BY_AGENT = "io.httppool.apache4.retried-by-agent";

  private final ClientExecChain next;
  private final LibraryRetry libraryRetries;
  private final RequestTracer requests;
  private final StaleRetry staleRetry;

  StaleRetryExec(ClientExecChain next, LibraryRetry libraryRetries, RequestTracer requests, StaleRetry staleRetry) {
    this.next = next;
    this.libraryRetries = libraryRetries;
    this.requests = requests;
    this.staleRetry = staleRetry;
  }

  @Override
  public CloseableHttpResponse execute(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
      HttpExecutionAware execAware) throws IOException, HttpException {
    RequestTrace trace = attemptStarting();
    try {
      return succeeded(trace, context, attempt(route, request, context, execAware));
    } catch (IOException error) {
      ErrorType failure = failed(trace, error);
      if (!retryByAgent(trace, failure, request, context, execAware, error)) {
        throw error;
      }
      StaleRetry.begin();
      try {
        return succeeded(trace, context, attempt(route, request, context, execAware));
      } catch (IOException retryError) {
        failed(trace, retryError);
        throw retryError;
      } finally {
        StaleRetry.end();
      }
    }
  }

  /** The trace of the request on this thread, its attempt started (a retry of a failed one is counted); or null. */
  private RequestTrace attemptStarting() {
    try {
      RequestTrace trace = requests.current();
      if (trace != null) {
        trace.attemptStarting();
      }
      return trace;
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 retry count", e);
      return null;
    }
  }

  private static CloseableHttpResponse succeeded(RequestTrace trace, HttpClientContext context,
      CloseableHttpResponse response) {
    try {
      if (trace != null) {
        trace.attemptSucceeded();
      }
      if (context.getAttribute(RETRIED_BY_AGENT) != null) {
        // an application may reuse its context: let it hold no request it is done with
        context.removeAttribute(RETRIED_BY_AGENT);
      }
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 stale retry", e);
    }
    return response;
  }

  /** Counts the failed attempt, teaching the guard when it met a stale connection; its type, or null. */
  private static ErrorType failed(RequestTrace trace, IOException error) {
    try {
      return trace == null ? null : trace.attemptFailed(error);
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 failed attempt", e);
      return null;
    }
  }

  private boolean retryByAgent(RequestTrace trace, ErrorType failure, HttpRequestWrapper request,
      HttpClientContext context, HttpExecutionAware execAware, IOException error) {
    try {
      if (failure == null || context.getAttribute(RETRIED_BY_AGENT) == request
          || !agentMayRetry(request, context, execAware)
          || !staleRetry.shouldRetry(trace.server(), request.getRequestLine().getMethod(), false,
              trace.onReusedConnection(), error)) {
        return false;
      }
      context.setAttribute(RETRIED_BY_AGENT, request);
      trace.agentRetryStarting();
      return true;
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed("apache4 stale retry", e);
      return false;
    }
  }

  private CloseableHttpResponse attempt(HttpRoute route, HttpRequestWrapper request, HttpClientContext context,
      HttpExecutionAware execAware) throws IOException, HttpException {
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
