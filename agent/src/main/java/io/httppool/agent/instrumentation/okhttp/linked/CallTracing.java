package io.httppool.agent.instrumentation.okhttp.linked;

import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.ConnectionTracker;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;

/** What every call's {@link PoolEventListener} reports to: its {@link RequestTrace}, the connections, the pool. */
final class CallTracing {
  final RequestTracer tracer;
  final ClientDestinations destinations;
  final ConnectionTracker connections;
  final PoolRecorder recorder;

  CallTracing(RequestTracer tracer, ClientDestinations destinations, ConnectionTracker connections,
      PoolRecorder recorder) {
    this.tracer = tracer;
    this.destinations = destinations;
    this.connections = connections;
    this.recorder = recorder;
  }
}
