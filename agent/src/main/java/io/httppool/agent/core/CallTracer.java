package io.httppool.agent.core;


/** Starts a {@link CallTrace} for each call of a library that reports call and connection events. */
public final class CallTracer {
  private final Client client;
  private final Destinations destinations;
  private final PoolRecorder recorder;
  private final ConnectionTracker connections;
  private final StaleConnectionGuard staleGuard;

  public CallTracer(Client client, Destinations destinations, PoolRecorder recorder, ConnectionTracker connections,
      StaleConnectionGuard staleGuard) {
    this.client = client;
    this.destinations = destinations;
    this.recorder = recorder;
    this.connections = connections;
    this.staleGuard = staleGuard;
  }

  public CallTrace newCall() {
    return new CallTrace(client, destinations, recorder, connections, staleGuard);
  }
}
