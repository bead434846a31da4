package io.httppool.agent.core;

/** A pool the agent can look into: reports the state of each destination it serves when metrics are read. */
public interface PoolView {
  /** Unknown values (a library that has no notion of a maximum, say) are reported as -1. */
  interface Observer {
    void destination(Destination destination, int active, int idle, int max, int pending);
  }

  void observe(Observer observer);
}
