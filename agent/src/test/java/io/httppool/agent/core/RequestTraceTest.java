package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.config.AgentConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTraceTest {
  private final Destination destination = new Destinations(10).get(Client.APACHE5, "http", "127.0.0.1", 8080);
  private final List<String> reports = new ArrayList<>();
  private final PoolRecorder recorder = new PoolRecorder() {
    @Override
    public void failed(Destination where, ErrorType type) {
      reports.add("failed " + type.id() + at(where));
    }

    @Override
    public void retried(Destination where, String reason) {
      reports.add("retried " + reason + at(where));
    }

    @Override
    public void requestFinished(Destination where, String method, int status, ErrorType error, long nanos) {
      reports.add("finished " + method + " " + status + " " + (error == null ? "-" : error.id()));
    }
  };
  private final StaleConnectionGuard guard = new StaleConnectionGuard(
      AgentConfig.load(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), p -> {}),
      PoolRecorder.NONE);
  /** Stale on a reused connection before any response head, a reset otherwise. */
  private final RequestTrace.Errors errors = (error, whileConnecting, onReused) ->
      onReused ? ErrorType.STALE_CONNECTION : ErrorType.CONNECTION_RESET;

  private final Destination redirected = new Destinations(10).get(Client.APACHE5, "http", "127.0.0.2", 8080);

  private String at(Destination where) {
    return where == destination ? "" : " at " + where.server();
  }

  private RequestTrace trace() {
    return new RequestTracer(recorder, guard, errors).start(destination, "GET");
  }

  @Test
  void aFailedAttemptIsCountedOnceAndItsRetryWhenTheNextAttemptStarts() {
    RequestTrace trace = trace();
    assertFalse(trace.attemptStarting());
    trace.acquired(true, 1_000_000);
    assertTrue(trace.onReusedConnection());
    assertEquals(ErrorType.STALE_CONNECTION, trace.attemptFailed(new IOException("closed")));
    assertTrue(trace.attemptStarting(), "the library's retry");
    assertFalse(trace.onReusedConnection(), "a new attempt has no connection yet");
    trace.acquired(false, 0);
    trace.attemptFailed(new IOException("reset"));
    trace.finished(0, new IOException("rethrown as another"));
    assertEquals(
        Arrays.asList("failed stale_connection", "retried stale_connection", "failed connection_reset",
            "finished GET 0 connection_reset"),
        reports);
  }

  @Test
  void aFailureAfterTheResponseHeadIsNotTheIdleConnections() {
    RequestTrace trace = trace();
    trace.acquired(true, 0);
    trace.responseHeadArrived();
    trace.finished(502, new IOException("body"));
    assertEquals(Arrays.asList("failed connection_reset", "finished GET 502 connection_reset"), reports);
  }

  @Test
  void anAgentRetryIsNotCountedAgainAsTheLibrarys() {
    RequestTrace trace = trace();
    trace.attemptStarting();
    trace.acquired(true, 0);
    trace.attemptFailed(new IOException("closed"));
    trace.agentRetryStarting();
    trace.acquired(false, 0);
    trace.attemptSucceeded();
    trace.finished(200, null);
    assertEquals(Arrays.asList("failed stale_connection", "finished GET 200 -"), reports);
  }

  @Test
  void aFailedConnectIsCountedOnceAndStartsNoRetry() {
    RequestTrace trace = trace();
    IOException refused = new IOException("refused");
    trace.connectFailed(refused);
    assertFalse(trace.attemptStarting(), "the next address is no retry");
    trace.acquired(false, 0);
    trace.attemptSucceeded();
    trace.finished(200, null);
    RequestTrace failing = trace();
    failing.connectFailed(refused);
    failing.finished(0, refused);
    assertEquals(Arrays.asList("failed connection_reset", "finished GET 200 -", "failed connection_reset",
        "finished GET 0 connection_reset"), reports);
  }

  @Test
  void aFailureNotCountedBeforeIsCountedWhenTheRequestEnds() {
    RequestTrace trace = trace();
    trace.connectFailed(new IOException("first address"));
    trace.finished(0, new IOException("reset, thrown after a later address"));
    assertEquals(Arrays.asList("failed connection_reset", "failed connection_reset",
        "finished GET 0 connection_reset"), reports);
  }

  @Test
  void theRetryOfAnAttemptThatWentElsewhereIsCountedThereAndTheFailureWithTheRequest() {
    RequestTrace trace = trace();
    trace.attemptStarting();
    trace.acquired(redirected, true, 1_000_000);
    assertEquals(redirected, trace.server());
    trace.attemptFailed(new IOException("closed"));
    assertTrue(trace.attemptStarting());
    trace.acquired(redirected, false, 0);
    trace.attemptSucceeded();
    trace.finished(200, null);
    assertEquals(Arrays.asList("failed stale_connection", "retried stale_connection at http://127.0.0.2:8080",
        "finished GET 200 -"), reports);
  }

  @Test
  void aTraceOnTheThreadIsCurrentUntilItFinishesAndHidesTheOneItInterrupts() {
    RequestTracer tracer = new RequestTracer(recorder, guard, errors);
    assertEquals(null, tracer.current());
    RequestTrace outer = tracer.startOnThread(destination, "GET");
    RequestTrace inner = tracer.startOnThread(destination, "POST");
    assertEquals(inner, tracer.current());
    inner.finished(200, null);
    assertEquals(outer, tracer.current());
    outer.finished(200, null);
    assertEquals(null, tracer.current());
    tracer.start(destination, "GET").finished(200, null);
    assertEquals(null, tracer.current(), "a trace that does not live on the thread leaves it alone");
  }
}
