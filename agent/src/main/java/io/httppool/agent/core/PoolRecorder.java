package io.httppool.agent.core;

/**
 * What the pools report as they work, in library-agnostic terms, for a metrics backend to record. Every method
 * is called on the request path: an implementation takes no lock and, once a destination is known, allocates
 * nothing. Each method does nothing unless implemented, so {@link #NONE} records nothing.
 */
public interface PoolRecorder {
  PoolRecorder NONE = new PoolRecorder() {};

  default void connectionAcquired(Destination destination, boolean reused) {}

  /** A request waited this long for a connection because the pool was at its limit. */
  default void waited(Destination destination, long nanos) {}

  /** A request ended; {@code status} is 0 when no response arrived, {@code error} null when none occurred. */
  default void requestFinished(Destination destination, String method, int status, ErrorType error, long nanos) {}

  default void connectionClosed(Destination destination, long lifetimeNanos) {}

  default void failed(Destination destination, ErrorType type) {}

  default void evicted(Destination destination, String reason) {}

  default void leaked(Destination destination) {}

  /** A pool event happened: {@code kind} is its {@code httppool.event} value. */
  default void event(Destination destination, String kind) {}

  /** A response body that had fully arrived was buffered so that its connection could be reused at once. */
  default void bodyBuffered(Destination destination) {}

  default void retried(Destination destination, String reason) {}
}
