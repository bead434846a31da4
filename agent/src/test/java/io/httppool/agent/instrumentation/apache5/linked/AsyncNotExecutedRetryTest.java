package io.httppool.agent.instrumentation.apache5.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.core.StaleRetry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.junit.jupiter.api.Test;

/**
 * The agent's async retry element driven as the library drives it: the chain below it records each attempt, the
 * callback above it records what the client's future would be told.
 */
class AsyncNotExecutedRetryTest {
  private static final String EXCHANGE_ID = "ex-0000000002";

  private final Destination destination = new Destinations(10).get(Client.APACHE5, "http", "127.0.0.1", 8080);
  private final AgentConfig config =
      AgentConfig.load(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), p -> {});
  /** A failure on a reused connection is stale, as the library's own reading of these exceptions says. */
  private final RequestTrace trace = new RequestTracer(PoolRecorder.NONE,
      new StaleConnectionGuard(config, PoolRecorder.NONE),
      (error, whileConnecting, onReused) -> onReused ? ErrorType.STALE_CONNECTION : ErrorType.CONNECTION_RESET)
      .start(destination, "POST");
  private final AsyncExchanges exchanges = new AsyncExchanges();
  private final List<AsyncExecCallback> attempts = new ArrayList<>();
  private final List<String> outcomes = new ArrayList<>();

  @Test
  void aRequestTheReactorNeverSentIsRetriedOnce() throws Exception {
    AsyncExecCallback attempt = firstAttemptOnAReusedConnection();

    attempt.failed(new RequestNotExecutedException());

    assertEquals(2, attempts.size(), "retried");
    assertEquals(Collections.emptyList(), outcomes, "the retry's outcome is the request's");
  }

  /**
   * httpcore queues the request, the reactor sends it and fails it on the server's close, and then the queuing
   * thread finds the session closed and cancels the same request as not executed: the request was sent, so it
   * must not be sent again.
   */
  @Test
  void aNotExecutedReportAfterTheAttemptFailedIsNotRetried() throws Exception {
    AsyncExecCallback attempt = firstAttemptOnAReusedConnection();

    attempt.failed(new ConnectionClosedException("Connection closed by peer"));
    attempt.failed(new RequestNotExecutedException());

    assertEquals(1, attempts.size(), "never retried");
    assertEquals(Collections.singletonList("failed: Connection closed by peer"), outcomes);
  }

  @Test
  void aNotExecutedReportAfterTheAttemptCompletedIsNotRetried() throws Exception {
    AsyncExecCallback attempt = firstAttemptOnAReusedConnection();

    attempt.completed();
    attempt.failed(new RequestNotExecutedException());

    assertEquals(1, attempts.size(), "never retried");
    assertEquals(Collections.singletonList("completed"), outcomes);
  }

  private AsyncExecCallback firstAttemptOnAReusedConnection() throws Exception {
    exchanges.started(EXCHANGE_ID, new AsyncExchanges.Exchange() {
      @Override
      public void leased(boolean reused, long idleNanos) {
        trace.acquired(reused, idleNanos);
      }

      @Override
      public RequestTrace trace() {
        return trace;
      }

      @Override
      public void retryStarting() {}

      @Override
      public boolean takeRetryLease() {
        return false;
      }
    });
    AsyncExecChain chain = (request, entityProducer, scope, callback) -> {
      exchanges.get(scope.exchangeId).leased(attempts.isEmpty(), 1_000_000);
      attempts.add(callback);
    };
    BasicHttpRequest request = new BasicHttpRequest("POST", "/echo");
    AsyncExecChain.Scope scope = new AsyncExecChain.Scope(EXCHANGE_ID,
        new HttpRoute(new HttpHost("http", "127.0.0.1", 8080)), request, stub(CancellableDependency.class),
        HttpClientContext.create(), stub(AsyncExecRuntime.class), null, null);
    new AsyncNotExecutedRetry(new StaleRetry(config, PoolRecorder.NONE), exchanges)
        .execute(request, null, scope, chain, new RecordingCallback());
    assertEquals(1, attempts.size());
    return attempts.get(0);
  }

  /** What the client's own callback would hear. */
  private final class RecordingCallback implements AsyncExecCallback {
    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails) {
      return null;
    }

    @Override
    public void handleInformationResponse(HttpResponse response) {}

    @Override
    public void completed() {
      outcomes.add("completed");
    }

    @Override
    public void failed(Exception cause) {
      outcomes.add("failed: " + cause.getMessage());
    }
  }

  /** An implementation that answers every call with false, null or nothing: only the retry's discard is called. */
  @SuppressWarnings("unchecked")
  private static <T> T stub(Class<T> type) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, arguments) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
  }
}
