package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.bootstrap.AgentStatus;
import java.io.IOException;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpCoreContext;

/**
 * One request of an async client, traced from {@code execute} to its callback: the application's request producer
 * and callback, each wrapped and passed on unchanged. The trace starts as the client generates the request from
 * the producer (at once, on the calling thread, before the lease), which is when its method is known; it ends
 * with the callback, with the final response's status from the request's context (redirects followed).
 */
final class TracedRequest implements HttpAsyncRequestProducer {
  private final HttpAsyncRequestProducer delegate;
  private final RequestTracer tracer;
  private final Destination destination;
  private final HttpContext context;
  /** The response in the context before this request: another one there later is this request's. */
  private final Object responseBefore;
  private final ThreadLocal<RequestTrace> leasing;
  private volatile RequestTrace trace;

  /**
   * @param leasing where the trace waits, on the calling thread, for the lease the client asks for right after it
   *     generated the request
   */
  TracedRequest(HttpAsyncRequestProducer delegate, RequestTracer tracer, Destination destination,
      HttpContext context, ThreadLocal<RequestTrace> leasing) {
    this.delegate = delegate;
    this.tracer = tracer;
    this.destination = destination;
    this.context = context;
    this.responseBefore = context.getAttribute(HttpCoreContext.HTTP_RESPONSE);
    this.leasing = leasing;
  }

  <T> FutureCallback<T> callback(FutureCallback<T> applications) {
    return new Callback<>(applications);
  }

  @Override
  public HttpHost getTarget() {
    return delegate.getTarget();
  }

  @Override
  public HttpRequest generateRequest() throws IOException, HttpException {
    HttpRequest request = delegate.generateRequest();
    if (trace == null && request != null) {
      trace = tracer.start(destination, request.getRequestLine().getMethod());
      leasing.set(trace);
    }
    return request;
  }

  @Override
  public void produceContent(ContentEncoder encoder, IOControl ioControl) throws IOException {
    delegate.produceContent(encoder, ioControl);
  }

  @Override
  public void requestCompleted(HttpContext requestContext) {
    delegate.requestCompleted(requestContext);
  }

  @Override
  public void failed(Exception error) {
    delegate.failed(error);
  }

  @Override
  public boolean isRepeatable() {
    return delegate.isRepeatable();
  }

  @Override
  public void resetRequest() throws IOException {
    delegate.resetRequest();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  private void finished(Object result, Exception error) {
    try {
      RequestTrace ended = trace;
      if (ended == null) {
        // failed before the client generated the request: its method is unknown
        ended = tracer.start(destination, "_OTHER");
      }
      if (error != null && context.getAttribute(HttpCoreContext.HTTP_RESPONSE) != responseBefore) {
        ended.responseHeadArrived();
      }
      ended.finished(error == null ? status(result) : 0, error);
    } catch (Throwable t) {
      AgentStatus.adviceFailed("apache4 async request", t);
    }
  }

  private int status(Object result) {
    Object response = context.getAttribute(HttpCoreContext.HTTP_RESPONSE);
    if (!(response instanceof HttpResponse)) {
      response = result;
    }
    return response instanceof HttpResponse && ((HttpResponse) response).getStatusLine() != null
        ? ((HttpResponse) response).getStatusLine().getStatusCode() : 0;
  }

  /** The application's callback (null when it gave none), told everything after the trace ends. */
  private final class Callback<T> implements FutureCallback<T> {
    private final FutureCallback<T> delegate;

    Callback(FutureCallback<T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void completed(T result) {
      finished(result, null);
      if (delegate != null) {
        delegate.completed(result);
      }
    }

    @Override
    public void failed(Exception error) {
      finished(null, error);
      if (delegate != null) {
        delegate.failed(error);
      }
    }

    @Override
    public void cancelled() {
      if (delegate != null) {
        delegate.cancelled();
      }
    }
  }
}
