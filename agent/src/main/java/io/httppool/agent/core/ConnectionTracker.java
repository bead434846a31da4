package io.httppool.agent.core;

import java.net.Socket;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows the connections of a library that reports acquire and release but not close: who holds each one now
 * (for the active and idle gauges), and when its socket closed (for the connection duration, found by the
 * maintenance sweep within about a second). Keys are the library's connection objects, compared by identity.
 */
public final class ConnectionTracker implements PoolView {
  /** One open connection, and how many calls hold it. */
  public static final class Tracked extends ConnectionRecord {
    final Socket socket;
    final AtomicInteger holders = new AtomicInteger();
    volatile boolean evictionCounted;

    Tracked(Destination destination, Socket socket, long openedNanos) {
      super(destination, openedNanos);
      this.socket = socket;
    }

    public Socket socket() {
      return socket;
    }

    /** How long the connection has been idle, or 0 while a request holds it. */
    public long idleNanos(long nowNanos) {
      return holders.get() > 1 ? 0 : Math.max(0, nowNanos - idleSinceNanos());
    }
  }

  private final PoolRecorder recorder;
  private final ConcurrentHashMap<Object, Tracked> connections = new ConcurrentHashMap<>();
  private final Set<Destination> seen = ConcurrentHashMap.newKeySet();

  public ConnectionTracker(PoolRecorder recorder) {
    this.recorder = recorder;
  }

  /** Returns the tracked state of a connection, registering it first if it is new to the tracker. */
  public Tracked track(Object connection, Destination destination, Socket socket, long openedNanos) {
    Tracked tracked = connections.get(connection);
    if (tracked == null) {
      Tracked created = new Tracked(destination, socket, openedNanos);
      seen.add(destination);
      tracked = connections.putIfAbsent(connection, created);
      return tracked == null ? created : tracked;
    }
    return tracked;
  }

  public void acquired(Tracked tracked) {
    tracked.holders.incrementAndGet();
  }

  public void released(Tracked tracked) {
    int holders;
    do {
      holders = tracked.holders.get();
    } while (holders > 0 && !tracked.holders.compareAndSet(holders, holders - 1));
    if (holders == 1) {
      tracked.idleSince(System.nanoTime());
    }
  }

  /** The tracked state of a connection, or null when the tracker has not seen it. */
  public Tracked get(Object connection) {
    return connections.get(connection);
  }

  /** Finds connections whose socket closed since the last sweep; the maintenance thread calls this. */
  public void sweep() {
    long now = System.nanoTime();
    for (Iterator<Tracked> it = connections.values().iterator(); it.hasNext(); ) {
      Tracked tracked = it.next();
      if (tracked.socket == null || tracked.socket.isClosed()) {
        it.remove();
        recorder.connectionClosed(tracked.destination(), tracked.ageNanos(now));
        if (tracked.holders.get() == 0 && !tracked.evictionCounted) {
          recorder.evicted(tracked.destination(), "idle");
        }
      }
    }
  }

  @Override
  public void observe(Observer observer) {
    Map<Destination, int[]> counts = new IdentityHashMap<>();
    for (Destination destination : seen) {
      counts.put(destination, new int[2]);
    }
    for (Tracked tracked : connections.values()) {
      int[] count = counts.get(tracked.destination());
      // a connection closed since the last sweep is no longer open, whatever the sweep has yet to record
      if (count == null || tracked.socket == null || tracked.socket.isClosed()) {
        continue;
      }
      count[tracked.holders.get() > 0 ? 0 : 1]++;
    }
    for (Map.Entry<Destination, int[]> entry : counts.entrySet()) {
      observer.destination(entry.getKey(), entry.getValue()[0], entry.getValue()[1], -1, -1);
    }
  }
}
