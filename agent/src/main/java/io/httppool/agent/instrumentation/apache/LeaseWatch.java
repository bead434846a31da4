package io.httppool.agent.instrumentation.apache;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.bootstrap.AgentStatus;

/**
 * One lease of a pooled connection, of either HttpClient version, as the recorder sees it: how long it waited,
 * when it waited at all (the pool was full as it was asked, or the lease failed with the pool's timeout), and
 * whether the connection handed out was reused or new. The clock starts when the watch is made.
 */
public final class LeaseWatch {
  private final PoolRecorder recorder;
  private final Destination destination;
  private final boolean poolFull;
  private final long startNanos = System.nanoTime();

  public LeaseWatch(PoolRecorder recorder, Destination destination, boolean poolFull) {
    this.recorder = recorder;
    this.destination = destination;
    this.poolFull = poolFull;
  }

  /**
   * Whether a lease asked of this pool now would wait ({@link FullPool}); false when the statistics cannot be read
   * ({@code family} names the failure, like {@code apache4}).
   */
  public static <P, R, S> boolean poolFull(PoolStatistics<P, R, S> statistics, P pool, R route, String family) {
    try {
      return pool != null && FullPool.leaseWouldWait(statistics, pool, route);
    } catch (RuntimeException e) {
      AgentStatus.adviceFailed(family + " pool stats", e);
      return false;
    }
  }

  /** The pool handed out a connection: the wait ends here. */
  public void handedOut() {
    if (poolFull) {
      waited();
    }
  }

  /** The lease failed; one the pool's timeout ended had waited even when the pool did not look full. */
  public void failed(boolean poolTimeout) {
    if (poolFull || poolTimeout) {
      waited();
    }
  }

  /** The connection this lease gives the request: reused, or new (the pool just made it, or will connect it). */
  public void acquired(boolean reused) {
    recorder.connectionAcquired(destination, reused);
  }

  private void waited() {
    recorder.waited(destination, System.nanoTime() - startNanos);
  }
}
