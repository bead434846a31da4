package io.httppool.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExitWaitTest {
  /** A flush that ends after {@code endsAfterMillis} of waiting, on a JVM using {@code cpuPercent} of a core. */
  private static final class ScriptedFlush implements ExitWait.Flush, ExitWait.CpuClock {
    final long endsAfterMillis;
    final int cpuPercent;
    final List<Long> waits = new ArrayList<>();
    long waited;

    ScriptedFlush(long endsAfterMillis, int cpuPercent) {
      this.endsAfterMillis = endsAfterMillis;
      this.cpuPercent = cpuPercent;
    }

    @Override
    public boolean await(long millis) {
      waits.add(millis);
      waited = Math.min(waited + millis, endsAfterMillis);
      return waited >= endsAfterMillis;
    }

    @Override
    public long processCpuNanos() {
      return cpuPercent < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(waited) * cpuPercent / 100;
    }

    long total() {
      return waits.stream().mapToLong(Long::longValue).sum();
    }
  }

  private static boolean await(ScriptedFlush flush) throws InterruptedException {
    return new ExitWait(900, 3_000, 3, flush).await(flush);
  }

  @Test
  void aFlushWithinTheBudgetIsWaitedForOnce() throws InterruptedException {
    ScriptedFlush flush = new ScriptedFlush(200, 0);

    assertTrue(await(flush));
    assertEquals(Collections.singletonList(900L), flush.waits);
  }

  @Test
  void aFlushWaitingForASilentCollectorIsLeftAfterTheBudgetAndOneSlice() throws InterruptedException {
    ScriptedFlush flush = new ScriptedFlush(60_000, 1);

    assertFalse(await(flush));
    assertEquals(900 + ExitWait.SLICE_MILLIS, flush.total());
  }

  @Test
  void aFlushTheJvmIsStillComputingIsWaitedForPastTheBudget() throws InterruptedException {
    ScriptedFlush flush = new ScriptedFlush(1_700, 8);

    assertTrue(await(flush));
    assertEquals(1_700, flush.waited);
  }

  @Test
  void aFlushStillComputingIsLeftAtTheLimit() throws InterruptedException {
    ScriptedFlush flush = new ScriptedFlush(60_000, 50);

    assertFalse(await(flush));
    assertEquals(3_000, flush.total());
  }

  @Test
  void aJvmWithoutACpuClockWaitsTheBudgetOnly() throws InterruptedException {
    ScriptedFlush flush = new ScriptedFlush(1_700, -1);

    assertFalse(await(flush));
    assertEquals(Collections.singletonList(900L), flush.waits);
  }
}
