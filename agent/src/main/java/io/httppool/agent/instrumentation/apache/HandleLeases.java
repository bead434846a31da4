package io.httppool.agent.instrumentation.apache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one application's connection manager, turned into a handle onto a shared pool, holds of that pool: the
 * connections its client leased, by route, and the leases waiting for room within the manager's own limits. The
 * limits stay in the application's manager and are read at every lease, so that its setters keep their meaning:
 * they bound how many connections this client holds at once. Once the application closes its manager the handle
 * admits no more leases. Library-agnostic: routes and connections are whatever the version calls them.
 *
 * @param <R> the library's route
 * @param <C> the library's leased connection (compared by identity)
 */
public final class HandleLeases<R, C> {
  /** How long a lease waiting for the handle's limit sleeps at most before reading the limits again. */
  private static final long RECHECK_LIMITS_MILLIS = 200;
  private static final ThreadLocal<Boolean> WAIT_RECORDED = new ThreadLocal<>();

  /** The limits of the application's manager, read at every lease. */
  public interface Limits<R> {
    int maxTotal();

    int maxPerRoute(R route);
  }

  /** One lease on its way through the handle. */
  public interface Lease {
    boolean cancelled();

    /** Called under the handle's lock when the lease finds the client at its own limit. */
    void waitedAtLimit();
  }

  /** What {@link #admit} decided. */
  public enum Admission {
    ADMITTED, ENDED, CANCELLED, TIMED_OUT
  }

  private final Object lock = new Object();
  /**
   * The connections this client leased, by identity: asked at every release of every connection the application's
   * manager sees. With many threads on few cores any lock a handle takes per lease or release beside the pool's own
   * made them queue behind a preempted holder, so the common case (nobody waiting at the client's limits) takes
   * none: counts are atomics, and the lock and the queue are for leases that wait.
   */
  private final Map<IdentityKey, R> leases = new ConcurrentHashMap<>();
  /** Connections this client holds, admitted leases the shared pool has not served yet included: all, by route. */
  private final AtomicInteger held = new AtomicInteger();
  private final ConcurrentHashMap<R, AtomicInteger> heldByRoute = new ConcurrentHashMap<>();
  /** Leases waiting for room within the limits, oldest first. Under the lock. */
  private final ArrayDeque<Waiting<R>> queue = new ArrayDeque<>();
  /**
   * The queue's length, read without the lock. A lease joins the queue (and counts here) before it reads the
   * counts, and a release lowers the counts before it reads this: one of the two sees the other, so no release
   * misses a lease that is about to wait.
   */
  private final AtomicInteger queued = new AtomicInteger();
  /** Set under the lock; read without it before every lease. */
  private volatile boolean ended;
  /** The connections {@link #end} returned. Under the lock. */
  private Set<IdentityKey> endedHolding = new HashSet<>();

  public boolean ended() {
    return ended;
  }

  /**
   * Waits until the manager's limits let this client hold one more connection of the route, and counts it. Leases
   * are admitted in the order they came, as the libraries' own pools serve their queue: while some lease waits, a
   * new one queues behind it, and a lease that finds room takes it only if no earlier waiting lease fits in it
   * first, so a thread that just released a connection never takes it again ahead of a thread waiting for it
   * (which could then wait until its timeout).
   *
   * @param deadlineNanos 0 waits for ever, as the libraries do for a timeout of 0
   */
  public Admission admit(Limits<R> limits, R route, long deadlineNanos, Lease lease) throws InterruptedException {
    if (ended) {
      return Admission.ENDED;
    }
    if (lease.cancelled()) {
      return Admission.CANCELLED;
    }
    if (queued.get() == 0 && take(route, limits.maxTotal(), limits.maxPerRoute(route))) {
      return Admission.ADMITTED;
    }
    Waiting<R> waiting = new Waiting<>(route, lease);
    synchronized (lock) {
      queue.add(waiting);
      queued.incrementAndGet();
    }
    try {
      while (true) {
        int maxTotal = limits.maxTotal();
        int maxRoute = limits.maxPerRoute(route);
        synchronized (lock) {
          if (ended) {
            return Admission.ENDED;
          }
          if (lease.cancelled()) {
            return Admission.CANCELLED;
          }
          waiting.maxRoute = maxRoute;
          if (fitsInTurn(waiting, maxTotal) && take(route, maxTotal, maxRoute)) {
            return Admission.ADMITTED;
          }
          lease.waitedAtLimit();
          long waitMillis = RECHECK_LIMITS_MILLIS;
          if (deadlineNanos != 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
              return Admission.TIMED_OUT;
            }
            waitMillis = Math.min(waitMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          }
          lock.wait(waitMillis);
        }
      }
    } finally {
      synchronized (lock) {
        queue.remove(waiting);
        queued.decrementAndGet();
        // whether admitted or not, this lease no longer goes first: the ones behind it look again
        lock.notifyAll();
      }
    }
  }

  /**
   * Counts one more connection of the route if both limits leave room for it. Every admission goes through here,
   * so two leases racing for the last place never both get it.
   */
  private boolean take(R route, int maxTotal, int maxRoute) {
    if (!incrementBelow(held, maxTotal)) {
      return false;
    }
    if (incrementBelow(routeCount(route), maxRoute)) {
      return true;
    }
    held.decrementAndGet();
    wakeWaiting();
    return false;
  }

  private static boolean incrementBelow(AtomicInteger count, int max) {
    while (true) {
      int now = count.get();
      if (now >= max) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  private AtomicInteger routeCount(R route) {
    AtomicInteger count = heldByRoute.get(route);
    if (count == null) {
      AtomicInteger made = new AtomicInteger();
      count = heldByRoute.putIfAbsent(route, made);
      if (count == null) {
        count = made;
      }
    }
    return count;
  }

  private int heldOf(R route) {
    AtomicInteger count = heldByRoute.get(route);
    return count == null ? 0 : count.get();
  }

  /**
   * Under the lock: whether the lease fits within the limits once every earlier waiting lease that fits has had
   * its turn. Earlier leases are counted with the route limit they last read; a cancelled one has no turn.
   */
  private boolean fitsInTurn(Waiting<R> waiting, int maxTotal) {
    int free = maxTotal - held.get();
    Map<R, Integer> earlierTurns = null;
    for (Waiting<R> earlier : queue) {
      if (earlier == waiting || free <= 0) {
        break;
      }
      if (earlier.maxRoute < 0 || earlier.lease.cancelled()) {
        continue;
      }
      int taken = earlierTurns == null ? 0 : count(earlierTurns, earlier.route);
      if (heldOf(earlier.route) + taken < earlier.maxRoute) {
        free--;
        if (earlierTurns == null) {
          earlierTurns = new HashMap<>();
        }
        earlierTurns.put(earlier.route, taken + 1);
      }
    }
    int taken = earlierTurns == null ? 0 : count(earlierTurns, waiting.route);
    return free > 0 && heldOf(waiting.route) + taken < waiting.maxRoute;
  }

  /** A lease in the queue, with the route limit it read last (-1: not read yet). */
  private static final class Waiting<R> {
    final R route;
    final Lease lease;
    int maxRoute = -1;

    Waiting(R route, Lease lease) {
      this.route = route;
      this.lease = lease;
    }
  }

  /**
   * The shared pool handed out the connection of an admitted lease; false when the handle ended meanwhile. One that
   * {@link #end} saw (it ends after reading {@code ended}) was leased before the end: the end returned it.
   */
  public boolean leased(R route, C connection) {
    IdentityKey key = LeaseKeys.leased(connection);
    leases.put(key, route);
    if (!ended) {
      return true;
    }
    synchronized (lock) {
      if (endedHolding.contains(key)) {
        return true;
      }
      leases.remove(key);
    }
    uncount(route);
    return false;
  }

  /** An admitted lease failed or was cancelled before the shared pool handed out a connection. */
  public void notLeased(R route) {
    uncount(route);
  }

  /** Whether this handle leased the connection and has not had it back yet. */
  public boolean holds(C connection) {
    return leases.containsKey(LeaseKeys.of(connection));
  }

  /**
   * A connection this handle leased is back in the shared pool: true; false for one it did not lease. Called once
   * the shared pool has it, so that a lease this frees never finds it still leased there and opens another.
   */
  public boolean released(C connection) {
    R route = leases.remove(LeaseKeys.of(connection));
    if (route == null) {
      return false;
    }
    uncount(route);
    return true;
  }

  private void uncount(R route) {
    routeCount(route).decrementAndGet();
    held.decrementAndGet();
    wakeWaiting();
  }

  /** Leases wait only while queued, so with none queued nobody is woken for nothing, and no lock is taken. */
  private void wakeWaiting() {
    if (queued.get() > 0) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  /** The application closed its manager: no more leases. Returns the connections its client still holds. */
  @SuppressWarnings("unchecked")
  public List<C> end() {
    synchronized (lock) {
      ended = true;
      lock.notifyAll();
      endedHolding = new HashSet<>(leases.keySet());
      List<C> holding = new ArrayList<>();
      for (IdentityKey connection : endedHolding) {
        holding.add((C) connection.value());
      }
      return holding;
    }
  }

  /** Connections this client holds (admitted leases included), of the route or, for null, in all. */
  public int leased(R route) {
    return route == null ? held.get() : heldOf(route);
  }

  /** Leases of this client waiting for room, of the route or, for null, in all. */
  public int pending(R route) {
    synchronized (lock) {
      if (route == null) {
        return queue.size();
      }
      int pending = 0;
      for (Waiting<R> waiting : queue) {
        if (waiting.route.equals(route)) {
          pending++;
        }
      }
      return pending;
    }
  }

  /**
   * Marks the calling thread, until {@link #sharedLeaseDone()}, as leasing from the shared pool for a lease that
   * waited at its client's own limit, if it did: its wait is recorded once, from the start, by the handle.
   */
  public static void sharedLeaseStarting(boolean waitedAtLimit) {
    if (waitedAtLimit) {
      WAIT_RECORDED.set(Boolean.TRUE);
    }
  }

  public static void sharedLeaseDone() {
    // keeps the thread's entry (made by waitRecorded's get() anyway), as RequestTracer does
    WAIT_RECORDED.set(null);
  }

  /** True on the thread of such a lease: the shared pool's own lease then records no wait. */
  public static boolean waitRecorded() {
    return WAIT_RECORDED.get() != null;
  }

  /**
   * What a handle's manager reports as available: the shared pool's idle connections, as far as the client's own
   * limit leaves room for them.
   */
  public static int available(int ownAvailable, int sharedIdle, int max, int leased) {
    return Math.min(ownAvailable + sharedIdle, Math.max(0, max - leased));
  }

  private static <R> int count(Map<R, Integer> counts, R route) {
    Integer count = counts.get(route);
    return count == null ? 0 : count;
  }
}
