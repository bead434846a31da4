package io.httppool.agent.core;

/** Starts a {@link CallTrace} for each call of a library that reports call and connection events. */
public final class CallTracer {
  final Client client;
  final Destinations destinations;
  final PoolRecorder recorder;
  final ConnectionTracker connections;
  final StaleConnectionGuard staleGuard;

  public CallTracer(Client client, Destinations destinations, PoolRecorder recorder, ConnectionTracker connections,
      StaleConnectionGuard staleGuard) {
    this.client = client;
    this.destinations = destinations;
    this.recorder = recorder;
    this.connections = connections;
    this.staleGuard = staleGuard;
  }

  public CallTrace newCall() {
    return new CallTrace(this);
  }
}
