package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FullPoolTest {
  /** Statistics as {available, leased, max}; the pool is {route's, whole pool's}; counts the reads of the pool's. */
  private int totalReads;
  private final PoolStatistics<int[][], String, int[]> figures = new PoolStatistics<>(
      (pool, route) -> pool[0], pool -> {
        totalReads++;
        return pool[1];
      }, stats -> stats[0], stats -> stats[1], stats -> stats[2]);

  @Test
  void anIdleConnectionServesAtOnceWithoutReadingThePool() {
    assertFalse(FullPool.leaseWouldWait(figures, new int[][] {{1, 5, 5}, {1, 10, 10}}, "a"));
    assertEquals(0, totalReads);
  }

  @Test
  void aRouteAtItsLimitWaitsWithoutReadingThePool() {
    assertTrue(FullPool.leaseWouldWait(figures, new int[][] {{0, 5, 5}, {0, 5, 20}}, "a"));
    assertEquals(0, totalReads);
  }

  @Test
  void aRouteWithAFreeSlotWaitsOnlyWhenThePoolIsFull() {
    assertTrue(FullPool.leaseWouldWait(figures, new int[][] {{0, 2, 5}, {0, 20, 20}}, "a"));
    assertFalse(FullPool.leaseWouldWait(figures, new int[][] {{0, 2, 5}, {0, 19, 20}}, "a"));
    assertEquals(2, totalReads);
  }
}
