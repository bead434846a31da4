package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FullPoolTest {
  /** Statistics as {available, leased, max}; the pool is {route's, whole pool's}; counts the reads of each. */
  private static final class Figures implements PoolStatistics<int[][], String, int[]> {
    int totalReads;

    @Override
    public int[] ofRoute(int[][] pool, String route) {
      return pool[0];
    }

    @Override
    public int[] ofPool(int[][] pool) {
      totalReads++;
      return pool[1];
    }

    @Override
    public int available(int[] stats) {
      return stats[0];
    }

    @Override
    public int leased(int[] stats) {
      return stats[1];
    }

    @Override
    public int max(int[] stats) {
      return stats[2];
    }
  }

  private final Figures figures = new Figures();

  @Test
  void anIdleConnectionServesAtOnceWithoutReadingThePool() {
    assertFalse(FullPool.leaseWouldWait(figures, new int[][] {{1, 5, 5}, {1, 10, 10}}, "a"));
    assertEquals(0, figures.totalReads);
  }

  @Test
  void aRouteAtItsLimitWaitsWithoutReadingThePool() {
    assertTrue(FullPool.leaseWouldWait(figures, new int[][] {{0, 5, 5}, {0, 5, 20}}, "a"));
    assertEquals(0, figures.totalReads);
  }

  @Test
  void aRouteWithAFreeSlotWaitsOnlyWhenThePoolIsFull() {
    assertTrue(FullPool.leaseWouldWait(figures, new int[][] {{0, 2, 5}, {0, 20, 20}}, "a"));
    assertFalse(FullPool.leaseWouldWait(figures, new int[][] {{0, 2, 5}, {0, 19, 20}}, "a"));
    assertEquals(2, figures.totalReads);
  }
}
