package io.httppool.agent.instrumentation.apache4async.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.StaleConnectionGuard;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.nio.reactor.IOSessionImpl;
import org.apache.http.nio.conn.ManagedNHttpClientConnection;
import org.apache.http.nio.pool.AbstractNIOConnPool;
import org.apache.http.nio.reactor.IOSession;
import org.apache.http.pool.PoolEntry;
import org.apache.http.pool.PoolEntryCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stale-connection guard for a shared manager, applied just before each lease: the route's idle connections
 * are walked under the pool's lock, as its own {@code closeIdle} walks them ({@code enumAvailable}, protected, so
 * reached by name), and one idle longer than the guard allows for the server is closed, so that the lease opens a
 * new one instead (4.1 cannot be handed a connection and then refuse it: the client fails a closed connection).
 * The guard never probes (a blocking read would disturb the reactor). An idle connection the server closed while
 * it sat in the pool (the reactor saw the close) teaches the guard the server's idle timeout: it had been idle
 * from its release to the reactor's last read, which is the close (plain connections; over TLS the time of the
 * close is not known and nothing is learned). Where the pool cannot be walked, nothing is done (logged once).
 */
final class LeaseGuard {
  private static final Logger log = LoggerFactory.getLogger(LeaseGuard.class);
  private static final Method ENUM_AVAILABLE = enumAvailable();

  private final StaleConnectionGuard guard;
  private final PoolRecorder recorder;

  LeaseGuard(StaleConnectionGuard guard, PoolRecorder recorder) {
    this.guard = guard;
    this.recorder = recorder;
  }

  void beforeLease(Object pool, final HttpRoute route, final Destination destination)
      throws ReflectiveOperationException {
    if (ENUM_AVAILABLE == null || !(pool instanceof AbstractNIOConnPool)) {
      return;
    }
    final long now = System.currentTimeMillis();
    PoolEntryCallback<HttpRoute, ManagedNHttpClientConnection> check =
        new PoolEntryCallback<HttpRoute, ManagedNHttpClientConnection>() {
          @Override
          public void process(PoolEntry<HttpRoute, ManagedNHttpClientConnection> entry) {
            if (route.equals(entry.getRoute())) {
              check(entry, destination, now);
            }
          }
        };
    ENUM_AVAILABLE.invoke(pool, check);
  }

  private void check(PoolEntry<HttpRoute, ManagedNHttpClientConnection> entry, Destination destination, long now) {
    ManagedNHttpClientConnection connection = entry.getConnection();
    long released = entry.getUpdated();
    if (connection == null) {
      return;
    }
    if (!connection.isOpen()) {
      // the pool drops it at this lease; count it, and learn when the server closed it
      long lastRead = lastReadMillis(connection);
      if (lastRead > released) {
        guard.closedByServerAfterIdle(destination, TimeUnit.MILLISECONDS.toNanos(lastRead - released));
      }
      recorder.evicted(destination, "stale");
      return;
    }
    long idleNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, now - released));
    long ageNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, now - entry.getCreated()));
    if (!guard.mayReuse(destination, null, idleNanos, ageNanos, 0)) {
      entry.close();
    }
  }

  private static long lastReadMillis(ManagedNHttpClientConnection connection) {
    try {
      IOSession session = connection.getIOSession();
      return session instanceof IOSessionImpl ? ((IOSessionImpl) session).getLastReadTime() : -1;
    } catch (RuntimeException detached) {
      return -1;
    }
  }

  private static Method enumAvailable() {
    try {
      Method method = AbstractNIOConnPool.class.getDeclaredMethod("enumAvailable", PoolEntryCallback.class);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException | RuntimeException e) {
      log.debug("HttpAsyncClient 4.x pool cannot be walked ({}): no stale-connection guard before its leases",
          e.toString());
      return null;
    }
  }
}
