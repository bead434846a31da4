package io.httppool.agent.jmx;

/**
 * One pool (one destination of one client family) as JMX shows it: {@code io.httppool:type=Pool,client=...,
 * host=...,port=...,scheme=...}. An MXBean, so every attribute is an open type (numbers and strings) that any
 * JMX client reads without the agent's classes. Unknown values are -1, percentiles before any request NaN.
 */
public interface PoolMXBean {
  String getClient();

  String getScheme();

  String getHost();

  int getPort();

  /** {@code ok}, or the pool events that hold now, like {@code high_utilization,pool_exhausted}. */
  String getStatus();

  int getActive();

  int getIdle();

  int getMax();

  int getPending();

  /** Active over max, 0 to 1; -1 when the pool has no maximum. */
  double getUtilization();

  long getOpened();

  long getAcquires();

  /** Reused acquires over all acquires, 0 to 1; -1 before the first. */
  double getReuseRate();

  long getRequests();

  long getFailedRequests();

  double getP50Millis();

  double getP95Millis();

  double getP99Millis();

  long getErrors();

  /** Like {@code connect_refused=3 read_timeout=1}; empty when none. */
  String getErrorsByType();

  long getEvictions();

  String getEvictionsByReason();

  long getLeaks();

  /** Pool events counted so far, like {@code high_error_rate=2}. */
  String getEvents();

  /** The report of every pool, as printed at exit with {@code httppool.report-on-exit=true}. */
  String report();

  /** Prints the report of every pool to the agent log (stderr), and returns it. */
  String printReport();
}
