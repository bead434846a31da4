package io.httppool.agent.instrumentation.apache;

import io.httppool.agent.core.Maintenance;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pools the agent shares between the clients of one HttpClient copy: one per connection-relevant
 * configuration (the key), found without a lock once made, made at most once, at most {@code cap} of them, and
 * evicted together once a second on the maintenance thread. Each version says what the key is and how a pool is
 * made.
 *
 * @param <K> what makes two clients' connections interchangeable (equal keys share a pool)
 * @param <P> one shared pool
 */
public final class SharedPools<K, P extends SharedPools.Pool> {
  private static final Logger log = LoggerFactory.getLogger(SharedPools.class);

  /** One shared pool. */
  public interface Pool {
    /** Closes the pool's expired and idle connections; runs on the maintenance thread. */
    void evict();
  }

  /** Makes the pool of a key. */
  public interface Factory<K, P> {
    /** The new pool, or null when none can be made for this key (its clients then keep their own manager). */
    P create(K key) throws ReflectiveOperationException;
  }

  private final String library;
  private final int cap;
  private final ConcurrentHashMap<K, P> byKey = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<P> all = new CopyOnWriteArrayList<>();
  private boolean capLogged;

  /**
   * @param library the library's name for the log, like {@code HttpClient 4.x}
   * @param family the family's name for the maintenance task, like {@code apache4}
   */
  public SharedPools(String library, String family, int cap, Maintenance maintenance) {
    this.library = library;
    this.cap = cap;
    maintenance.every(family + " eviction", this::evict);
  }

  /** The pool for this key, made when there is none yet; null when none can be made or the cap is reached. */
  public P get(K key, Factory<K, P> factory) throws ReflectiveOperationException {
    P pool = byKey.get(key);
    return pool != null ? pool : create(key, factory);
  }

  private synchronized P create(K key, Factory<K, P> factory) throws ReflectiveOperationException {
    P existing = byKey.get(key);
    if (existing != null) {
      return existing;
    }
    if (byKey.size() >= cap) {
      if (!capLogged) {
        capLogged = true;
        log.info("{} distinct {} connection settings (a new SSLContext per client?); clients with further "
            + "settings keep their own connection manager", cap, library);
      }
      return null;
    }
    P created = factory.create(key);
    if (created != null) {
      add(created);
      byKey.put(key, created);
    }
    return created;
  }

  /** A pool the agent shares outside any key (a library's minimal client, say): evicted with the others. */
  public void add(P pool) {
    all.add(pool);
  }

  /** How many keyed pools there are. */
  public int size() {
    return byKey.size();
  }

  private void evict() {
    for (P pool : all) {
      pool.evict();
    }
  }
}
