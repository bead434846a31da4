package io.httppool.agent.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds connections held longer than {@code leak-detection-threshold} (a response never consumed or closed),
 * logs one line with the stack where each was leased, and counts it. Off when the threshold is 0, as in
 * HikariCP; when on, each lease records its stack, so it is meant for finding leaks, not for every day.
 */
public final class LeakDetector {
  private static final Logger log = LoggerFactory.getLogger(LeakDetector.class);

  /** One lease of a connection; pass it back to {@link #released}. */
  public static final class Lease {
    final Destination destination;
    final long leasedNanos;
    final Throwable leasedAt;
    volatile boolean reported;

    Lease(Destination destination, long leasedNanos, Throwable leasedAt) {
      this.destination = destination;
      this.leasedNanos = leasedNanos;
      this.leasedAt = leasedAt;
    }

    /** Whether the detector has already counted this lease as a leak. */
    public boolean isReported() {
      return reported;
    }
  }

  private final PoolRecorder recorder;
  private final long thresholdNanos;
  private final ConcurrentHashMap<Lease, Boolean> outstanding = new ConcurrentHashMap<>();

  public LeakDetector(PoolRecorder recorder, long thresholdMillis, Maintenance maintenance) {
    this.recorder = recorder;
    this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
    if (thresholdMillis > 0) {
      maintenance.every("leak detection", this::check);
    }
  }

  public boolean enabled() {
    return thresholdNanos > 0;
  }

  /** Records a lease; returns null when detection is off. */
  public Lease leased(Destination destination) {
    if (thresholdNanos <= 0) {
      return null;
    }
    Lease lease = new Lease(destination, System.nanoTime(), new Throwable("connection leased here"));
    outstanding.put(lease, Boolean.TRUE);
    return lease;
  }

  public void released(Lease lease) {
    if (lease != null && outstanding.remove(lease) != null && lease.reported) {
      log.info("the connection to {} reported as leaked was released after {} ms", lease.destination,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lease.leasedNanos));
    }
  }

  /** Runs on the maintenance thread. */
  void check() {
    long now = System.nanoTime();
    for (Lease lease : outstanding.keySet()) {
      if (!lease.reported && now - lease.leasedNanos > thresholdNanos) {
        lease.reported = true;
        recorder.leaked(lease.destination);
        log.warn("connection to {} held for more than {} ms, probably a response never consumed or closed; "
            + "leased at {}", lease.destination, TimeUnit.NANOSECONDS.toMillis(thresholdNanos),
            where(lease.leasedAt));
      }
    }
  }

  /** The first application frame of the lease stack, and the full stack at debug level. */
  private static String where(Throwable leasedAt) {
    StackTraceElement[] stack = leasedAt.getStackTrace();
    StringBuilder where = new StringBuilder();
    for (StackTraceElement frame : stack) {
      String className = frame.getClassName();
      // the agent's own frames only: an application may live under io.httppool too (the test apps do)
      if (!className.startsWith("io.httppool.agent.") && !className.startsWith("io.httppool.bootstrap.")
          && !className.startsWith("org.apache.http") && !className.startsWith("jdk.internal.")
          && !className.startsWith("org.apache.hc.") && !className.startsWith("okhttp3.")
          && !className.startsWith("sun.net.") && !className.startsWith("java.")) {
        where.append(frame);
        break;
      }
    }
    if (log.isDebugEnabled()) {
      for (StackTraceElement frame : stack) {
        where.append("\n\tat ").append(frame);
      }
    }
    return where.length() == 0 ? "(unknown)" : where.toString();
  }
}
