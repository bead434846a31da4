package io.httppool.agent.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;

/**
 * How long the exit waits for the last metrics flush. A collector that does not answer must not hold up the exit
 * by more than {@code budgetMillis}; but the flush at exit is often the SDK's first export (the default interval is
 * a minute), which loads and runs its collection and encoding code for the first time, and on a machine whose
 * cores are all busy that CPU work alone can take longer than the budget. So past the budget the exit keeps
 * waiting while the JVM is still computing (it used at least {@code busyPercent} of a core in the last slice),
 * never past {@code limitMillis}; a flush that only waits for the collector uses next to no CPU.
 */
final class ExitWait {
  /** The JVM's CPU time so far, in nanoseconds, or a negative number when the JVM cannot tell. */
  interface CpuClock {
    long processCpuNanos();
  }

  /** Waits for the flush at most {@code millis}; true when it ended. */
  interface Flush {
    boolean await(long millis) throws InterruptedException;
  }

  static final long SLICE_MILLIS = 100;

  private final long budgetMillis;
  private final long limitMillis;
  private final int busyPercent;
  private final CpuClock cpu;

  ExitWait(long budgetMillis, long limitMillis, int busyPercent, CpuClock cpu) {
    this.budgetMillis = budgetMillis;
    this.limitMillis = limitMillis;
    this.busyPercent = busyPercent;
    this.cpu = cpu;
  }

  /** The JVM's own CPU clock, where the platform has one (HotSpot and OpenJ9 do). */
  static CpuClock jvmCpu() {
    try {
      final OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
      if (system instanceof com.sun.management.OperatingSystemMXBean) {
        return new CpuClock() {
          @Override
          public long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) system).getProcessCpuTime();
          }
        };
      }
    } catch (LinkageError noSunManagement) {
      // a JVM without com.sun.management: the budget alone
    }
    return new CpuClock() {
      @Override
      public long processCpuNanos() {
        return -1;
      }
    };
  }

  /** Waits as described above; true when the flush ended in time. */
  boolean await(Flush flush) throws InterruptedException {
    if (flush.await(budgetMillis)) {
      return true;
    }
    long waited = budgetMillis;
    long cpuBefore = cpu.processCpuNanos();
    while (cpuBefore >= 0 && waited < limitMillis) {
      long slice = Math.min(SLICE_MILLIS, limitMillis - waited);
      if (flush.await(slice)) {
        return true;
      }
      waited += slice;
      long cpuNow = cpu.processCpuNanos();
      if (cpuNow < 0 || (cpuNow - cpuBefore) * 100 < TimeUnit.MILLISECONDS.toNanos(slice) * busyPercent) {
        return false;
      }
      cpuBefore = cpuNow;
    }
    return false;
  }
}
