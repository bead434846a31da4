package io.httppool.agent.instrumentation.apache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
   * The connections this client leased, by identity. Changed under the lock; {@link #holds}, asked at every release
   * of every connection the application's manager sees, reads it without: with many threads on few cores, a
   * second lock per release beside the pool's own made the releases queue behind a preempted holder.
   */
  private final Map<IdentityKey, R> leases = new ConcurrentHashMap<>();
  private final Map<R, Integer> leasedByRoute = new HashMap<>();
  /** Leases waiting for room within the limits, oldest first. */
  private final ArrayDeque<Waiting<R>> queue = new ArrayDeque<>();
  /** Leases admitted whose connection the shared pool has not handed out yet. */
  private int reserved;
  /** Set under the lock; read without it before every lease. */
  private volatile boolean ended;

  public boolean ended() {
    return ended;
  }

  /**
   * Waits until the manager's limits let this client hold one more connection of the route, and counts it. Leases
   * are admitted in the order they came, as the libraries' own pools serve their queue: a lease that finds room
   * takes it only if no earlier waiting lease fits in it first, so a thread that just released a connection never
   * takes it again ahead of a thread waiting for it (which could then wait until its timeout).
   *
   * @param deadlineNanos 0 waits for ever, as the libraries do for a timeout of 0
   */
  public Admission admit(Limits<R> limits, R route, long deadlineNanos, Lease lease) throws InterruptedException {
    Waiting<R> waiting = null;
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
          if (waiting == null) {
            // nobody waiting, nobody to keep a turn for: the common case takes the lock once
            if (queue.isEmpty() && fits(route, maxTotal - leases.size() - reserved, maxRoute, null)) {
              admitted(route);
              return Admission.ADMITTED;
            }
            waiting = new Waiting<>(route, lease);
            queue.add(waiting);
          }
          waiting.maxRoute = maxRoute;
          if (fitsInTurn(waiting, maxTotal)) {
            admitted(route);
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
      if (waiting != null) {
        synchronized (lock) {
          queue.remove(waiting);
          // whether admitted or not, this lease no longer goes first: the ones behind it look again
          lock.notifyAll();
        }
      }
    }
  }

  private void admitted(R route) {
    reserved++;
    add(leasedByRoute, route, 1);
  }

  /**
   * Whether the lease fits within the limits once every earlier waiting lease that fits has had its turn. Earlier
   * leases are counted with the route limit they last read; a cancelled one has no turn.
   */
  private boolean fitsInTurn(Waiting<R> waiting, int maxTotal) {
    int free = maxTotal - leases.size() - reserved;
    Map<R, Integer> earlierTurns = null;
    for (Waiting<R> earlier : queue) {
      if (earlier == waiting || free <= 0) {
        break;
      }
      if (earlier.maxRoute < 0 || earlier.lease.cancelled()) {
        continue;
      }
      int taken = earlierTurns == null ? 0 : count(earlierTurns, earlier.route);
      if (count(leasedByRoute, earlier.route) + taken < earlier.maxRoute) {
        free--;
        if (earlierTurns == null) {
          earlierTurns = new HashMap<>();
        }
        add(earlierTurns, earlier.route, 1);
      }
    }
    return fits(waiting.route, free, waiting.maxRoute, earlierTurns);
  }

  /** Whether {@code free} connections in all leave room for one more of the route beside those taken before it. */
  private boolean fits(R route, int free, int maxRoute, Map<R, Integer> takenBefore) {
    int taken = takenBefore == null ? 0 : count(takenBefore, route);
    return free > 0 && count(leasedByRoute, route) + taken < maxRoute;
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

  /** The shared pool handed out the connection of an admitted lease; false when the handle ended meanwhile. */
  public boolean leased(R route, C connection) {
    synchronized (lock) {
      reserved--;
      if (ended) {
        add(leasedByRoute, route, -1);
        wakeWaiting();
        return false;
      }
      leases.put(new IdentityKey(connection), route);
      return true;
    }
  }

  /** An admitted lease failed or was cancelled before the shared pool handed out a connection. */
  public void notLeased(R route) {
    synchronized (lock) {
      reserved--;
      add(leasedByRoute, route, -1);
      wakeWaiting();
    }
  }

  /** Whether this handle leased the connection and has not had it back yet. */
  public boolean holds(C connection) {
    return leases.containsKey(new IdentityKey(connection));
  }

  /**
   * A connection this handle leased is back in the shared pool: true; false for one it did not lease. Called once
   * the shared pool has it, so that a lease this frees never finds it still leased there and opens another.
   */
  public boolean released(C connection) {
    synchronized (lock) {
      R route = leases.remove(new IdentityKey(connection));
      if (route == null) {
        return false;
      }
      add(leasedByRoute, route, -1);
      wakeWaiting();
      return true;
    }
  }

  /** Under the lock: leases wait only while queued, so with none queued nobody is woken for nothing. */
  private void wakeWaiting() {
    if (!queue.isEmpty()) {
      lock.notifyAll();
    }
  }

  /** The application closed its manager: no more leases. Returns the connections its client still holds. */
  @SuppressWarnings("unchecked")
  public List<C> end() {
    synchronized (lock) {
      ended = true;
      lock.notifyAll();
      List<C> held = new ArrayList<>();
      for (IdentityKey connection : leases.keySet()) {
        held.add((C) connection.value());
      }
      return held;
    }
  }

  /** Connections this client holds (admitted leases included), of the route or, for null, in all. */
  public int leased(R route) {
    synchronized (lock) {
      return route == null ? leases.size() + reserved : count(leasedByRoute, route);
    }
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
    WAIT_RECORDED.remove();
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

  private static <R> void add(Map<R, Integer> counts, R route, int delta) {
    int now = count(counts, route) + delta;
    if (now == 0) {
      counts.remove(route);
    } else {
      counts.put(route, now);
    }
  }
}
