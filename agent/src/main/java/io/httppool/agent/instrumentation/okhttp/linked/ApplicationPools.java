package io.httppool.agent.instrumentation.okhttp.linked;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.PoolState;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.ConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ConnectionPool}s the application hands to a builder. One that is interchangeable with the shared pool
 * becomes a handle onto it: its {@code delegate}, the {@code RealConnectionPool} that every OkHttp version from
 * 3.14 on keeps the connections in and that clients and {@code ConnectionPool}'s own methods go through, is
 * replaced by the shared pool's before any client uses it. The application keeps its object, clients built with
 * it return it from {@code connectionPool()}, and its counts and {@code evictAll()} act on the shared pool. This
 * is safe across clients because OkHttp reuses a connection only for an equal {@code Address} (socket factory,
 * TLS settings, hostname verifier, DNS, proxy, protocols, pinning).
 *
 * <p>Interchangeable means: it keeps at least one idle connection and no more than the shared pool does, keeps
 * them at least as long as the shared pool (the agent's {@code idle-timeout}), and has OkHttp's default connection
 * listener (5.x) and task runner (4.x, 5.x). A pool that is not is kept and observed, as with
 * {@code okhttp.share-app-pools=false}; the first pool kept for each reason is logged once.
 */
final class ApplicationPools {
  private static final Logger log = LoggerFactory.getLogger(ApplicationPools.class);

  private final ConnectionPool sharedPool;
  private final PoolState poolState;
  private final Map<ConnectionPool, Boolean> seen = new WeakHashMap<>();
  private final Set<String> reasonsLogged = ConcurrentHashMap.newKeySet();
  private final Field delegate;
  private final Object sharedDelegate;
  /** Null when no pool is shared: {@code okhttp.share-app-pools=false}, or an OkHttp this cannot read. */
  private final Traits traits;

  ApplicationPools(ConnectionPool sharedPool, boolean share, PoolState poolState) {
    this.sharedPool = sharedPool;
    this.poolState = poolState;
    Field delegateField = null;
    Object shared = null;
    Traits sharedTraits = null;
    if (share) {
      try {
        delegateField = requiredField(ConnectionPool.class, "delegate");
        shared = delegateField.get(sharedPool);
        sharedTraits = new Traits(shared.getClass());
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.info("OkHttp ConnectionPools the application makes are kept, not shared: {}", e.toString());
      }
    }
    this.delegate = delegateField;
    this.sharedDelegate = shared;
    this.traits = sharedTraits;
  }

  /** Whether this pool is one the application chose (shared as a handle or kept), not a builder's default. */
  boolean isApplicationPool(ConnectionPool pool) {
    synchronized (seen) {
      return seen.containsKey(pool);
    }
  }

  /** The application handed {@code pool} to a builder: decide, once per pool, whether it becomes a handle. */
  void chosen(ConnectionPool pool) {
    if (pool == sharedPool) {
      return;
    }
    synchronized (seen) {
      if (!seen.containsKey(pool)) {
        seen.put(pool, traits != null && becameHandle(pool));
      }
    }
  }

  private boolean becameHandle(ConnectionPool pool) {
    try {
      Object own = delegate.get(pool);
      String reason = traits.reasonNotInterchangeable(own, sharedDelegate);
      if (reason != null) {
        keep(reason);
        return false;
      }
      delegate.set(pool, sharedDelegate);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      keep("it could not be made a handle (" + e + ")");
      return false;
    }
  }

  private void keep(String reason) {
    poolState.notShared(Client.OKHTTP, "ConnectionPool", reason);
    if (reasonsLogged.add(reason)) {
      log.info("an OkHttp ConnectionPool the application made is kept, not shared: {} (said once per reason)",
          reason);
    }
  }

  /** The {@code RealConnectionPool} fields that say whether two pools behave alike (null: not in this version). */
  private static final class Traits {
    private final Field maxIdleConnections;
    private final Field keepAliveDurationNs;
    private final Field connectionListener;
    private final Field cleanupQueue;
    private final Field taskRunner;

    Traits(Class<?> realConnectionPool) throws NoSuchFieldException {
      maxIdleConnections = requiredField(realConnectionPool, "maxIdleConnections");
      keepAliveDurationNs = requiredField(realConnectionPool, "keepAliveDurationNs");
      connectionListener = declaredField(realConnectionPool, "connectionListener");
      cleanupQueue = declaredField(realConnectionPool, "cleanupQueue");
      taskRunner = cleanupQueue == null ? null : requiredField(cleanupQueue.getType(), "taskRunner");
    }

    /** Why a pool with {@code own} cannot stand in for the shared pool's {@code shared}, or null if it can. */
    String reasonNotInterchangeable(Object own, Object shared) throws IllegalAccessException {
      if (own == shared) {
        return null;
      }
      int maxIdle = maxIdleConnections.getInt(own);
      if (maxIdle == 0) {
        return "it keeps no idle connection";
      }
      if (maxIdle > maxIdleConnections.getInt(shared)) {
        return "it keeps more idle connections than max-connections";
      }
      if (keepAliveDurationNs.getLong(own) < keepAliveDurationNs.getLong(shared)) {
        return "it closes idle connections sooner than idle-timeout";
      }
      if (connectionListener != null && connectionListener.get(own) != connectionListener.get(shared)) {
        return "it has its own ConnectionListener";
      }
      if (cleanupQueue != null
          && taskRunner.get(cleanupQueue.get(own)) != taskRunner.get(cleanupQueue.get(shared))) {
        return "it has its own TaskRunner";
      }
      return null;
    }
  }

  private static Field requiredField(Class<?> type, String name) throws NoSuchFieldException {
    Field field = declaredField(type, name);
    if (field == null) {
      throw new NoSuchFieldException(type.getName() + "." + name);
    }
    return field;
  }

  /** The field, made accessible, or null if this OkHttp version has none of that name. */
  private static Field declaredField(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException absent) {
      return null;
    }
  }
}
