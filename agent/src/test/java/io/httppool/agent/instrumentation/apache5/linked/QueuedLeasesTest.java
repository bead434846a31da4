package io.httppool.agent.instrumentation.apache5.linked;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

/**
 * On the real HttpClient 5.5 pools: a classic lease the pool queued is seen right after {@code lease}, from the
 * route's queue unless the pool's future is already done; an async lease that will wait is seen before it.
 */
@org.junit.jupiter.api.Timeout(10)
class QueuedLeasesTest {
  private static final Timeout SECOND = Timeout.ofSeconds(1);
  /** A lease request that does not hold the pool's future, like one of a manager other than the library's. */
  private static final Object NO_FUTURE = new Object();
  private final HttpRoute a = route("a.example");
  private final HttpRoute b = route("b.example");
  private final HttpRoute c = route("c.example");

  @Test
  void aClassicLeaseIsQueuedOnlyWhenTheRouteOrThePoolIsFull() throws Exception {
    for (PoolConcurrencyPolicy policy : PoolConcurrencyPolicy.values()) {
      PoolingHttpClientConnectionManager manager = PoolingHttpClientConnectionManagerBuilder.create()
          .setPoolConcurrencyPolicy(policy).setMaxConnTotal(2).setMaxConnPerRoute(1).build();
      try {
        LeaseRequest first = manager.lease("1", a, SECOND, null);
        assertFalse(QueuedLeases.leaseQueued(manager, a, first), policy + ": served at once");
        assertFalse(QueuedLeases.leaseQueued(manager, a, NO_FUTURE), policy + ": served at once, by the stats");
        first.get(SECOND);

        LeaseRequest second = manager.lease("2", a, SECOND, null);
        assertTrue(QueuedLeases.leaseQueued(manager, a, second), policy + ": the route is at its limit");
        assertFalse(QueuedLeases.leaseQueued(new Object(), a, second),
            policy + ": a future not done yet is not enough (5.0 completes a served lease's future late)");
        assertTrue(QueuedLeases.leaseQueued(manager, a, NO_FUTURE), policy + ": the route is full, by the stats");
        second.cancel();

        LeaseRequest third = manager.lease("3", b, SECOND, null);
        assertFalse(QueuedLeases.leaseQueued(manager, b, third), policy + ": the last free slot");
        third.get(SECOND);
        if (policy == PoolConcurrencyPolicy.STRICT) {
          LeaseRequest fourth = manager.lease("4", c, SECOND, null);
          assertTrue(QueuedLeases.leaseQueued(manager, c, fourth), "the pool is at its total limit");
          fourth.cancel();
        }
      } finally {
        manager.close(CloseMode.IMMEDIATE);
      }
    }
  }

  @Test
  void anAsyncLeaseWaitsWhenTheRouteOrThePoolIsFull() throws Exception {
    PoolingAsyncClientConnectionManager manager = PoolingAsyncClientConnectionManagerBuilder.create()
        .setMaxConnTotal(2).setMaxConnPerRoute(1).build();
    try {
      assertFalse(QueuedLeases.leaseWouldWait(manager, a));
      manager.lease("1", a, null, SECOND, null).get();
      assertTrue(QueuedLeases.leaseWouldWait(manager, a), "the route is at its limit");
      assertFalse(QueuedLeases.leaseWouldWait(manager, b), "another route has a free slot");
      manager.lease("2", b, null, SECOND, null).get();
      assertTrue(QueuedLeases.leaseWouldWait(manager, c), "no free slot in the whole pool");
    } finally {
      manager.close(CloseMode.IMMEDIATE);
    }
  }

  @Test
  void aLaxPoolHasOnlyRouteLimits() throws Exception {
    PoolingAsyncClientConnectionManager manager = PoolingAsyncClientConnectionManagerBuilder.create()
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX).setMaxConnPerRoute(1).build();
    try {
      manager.lease("1", a, null, SECOND, null).get();
      assertTrue(QueuedLeases.leaseWouldWait(manager, a));
      assertFalse(QueuedLeases.leaseWouldWait(manager, b));
    } finally {
      manager.close(CloseMode.IMMEDIATE);
    }
  }

  private static HttpRoute route(String host) {
    return new HttpRoute(new HttpHost("http", host, 80));
  }
}
