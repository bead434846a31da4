package io.httppool.agent.instrumentation.okhttp.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.core.PoolState;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;
import okhttp3.internal.connection.RealConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * Which application pools become handles onto the shared pool, on the OkHttp 5 the agent compiles against (the
 * end-to-end tests run every tested version).
 */
class ApplicationPoolsTest {
  private final ConnectionPool shared = new ConnectionPool(256, 30, TimeUnit.SECONDS);
  private final PoolState poolState = new PoolState();
  private final ApplicationPools pools = new ApplicationPools(shared, true, poolState);

  private RealConnectionPool chosen(ConnectionPool pool) {
    pools.chosen(pool);
    assertTrue(pools.isApplicationPool(pool));
    return pool.getDelegate$okhttp();
  }

  @Test
  void aPoolWithOkHttpsDefaultsBecomesAHandleOntoTheSharedPool() {
    assertSame(shared.getDelegate$okhttp(), chosen(new ConnectionPool()));
    assertSame(shared.getDelegate$okhttp(), chosen(new ConnectionPool(256, 30, TimeUnit.SECONDS)));
  }

  @Test
  void limitsTheSharedPoolCannotHonourKeepThePoolAsItIs() {
    ConnectionPool noIdle = new ConnectionPool(0, 5, TimeUnit.MINUTES);
    ConnectionPool moreIdle = new ConnectionPool(257, 5, TimeUnit.MINUTES);
    ConnectionPool shorterKeepAlive = new ConnectionPool(5, 29, TimeUnit.SECONDS);
    for (ConnectionPool pool : new ConnectionPool[] {noIdle, moreIdle, shorterKeepAlive}) {
      RealConnectionPool own = pool.getDelegate$okhttp();
      assertSame(own, chosen(pool));
    }
    Map<String, Integer> reasons = new TreeMap<>();
    reasons.put("okhttp ConnectionPool: it closes idle connections sooner than idle-timeout", 1);
    reasons.put("okhttp ConnectionPool: it keeps more idle connections than max-connections", 1);
    reasons.put("okhttp ConnectionPool: it keeps no idle connection", 1);
    assertEquals(reasons, poolState.notShared(), "the report's not-shared lines, one per reason with its pools");
  }

  @Test
  void aPoolWithItsOwnListenerOrTaskRunnerIsKept() {
    ConnectionPool listened = new ConnectionPool(5, 5, TimeUnit.MINUTES, new ConnectionListener() {});
    RealConnectionPool listenedOwn = listened.getDelegate$okhttp();
    assertSame(listenedOwn, chosen(listened));

    TaskRunner runner = new TaskRunner(new TaskRunner.RealBackend(Thread::new), Logger.getAnonymousLogger());
    ConnectionPool ownRunner =
        new ConnectionPool(5, 5, TimeUnit.MINUTES, runner, ConnectionListener.Companion.getNONE());
    RealConnectionPool ownRunnerOwn = ownRunner.getDelegate$okhttp();
    assertSame(ownRunnerOwn, chosen(ownRunner));
  }

  @Test
  void withSharingOffEveryPoolIsKept() {
    ApplicationPools off = new ApplicationPools(shared, false, poolState);
    ConnectionPool pool = new ConnectionPool();
    RealConnectionPool own = pool.getDelegate$okhttp();
    off.chosen(pool);
    assertTrue(off.isApplicationPool(pool));
    assertSame(own, pool.getDelegate$okhttp());
  }

  @Test
  void theBuildersDefaultPoolIsNotAnApplicationPool() {
    assertFalse(pools.isApplicationPool(new ConnectionPool()));
    pools.chosen(shared);
    assertFalse(pools.isApplicationPool(shared));
  }
}
