package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.agent.core.ConnectionRecord;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolView;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK keep-alive cache's connections as the agent sees them: each {@code HttpClient} is active (held by a
 * request) or idle (in the cache). Clients and sockets are held weakly: a client the application abandoned must
 * stay collectable, or the agent would keep its socket open for good (on JDK 21+ nothing else closes it).
 */
final class KeepAliveConnections implements PoolView {
  /** Identity of a client object; a probe holds it strongly, a tracked connection weakly. */
  private abstract static class Key extends WeakReference<Object> {
    final int hash;

    Key(Object referent, int hash) {
      super(referent);
      this.hash = hash;
    }

    abstract Object client();

    @Override
    public final int hashCode() {
      return hash;
    }

    @Override
    public final boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Key)) {
        return false;
      }
      Object client = client();
      return client != null && client == ((Key) other).client();
    }
  }

  private static final class Probe extends Key {
    private final Object client;

    Probe(Object client) {
      super(null, System.identityHashCode(client));
      this.client = client;
    }

    @Override
    Object client() {
      return client;
    }
  }

  /** What a tracked connection is found by: its client, held weakly. */
  private static final class ClientKey extends Key {
    ClientKey(Object client) {
      super(client, System.identityHashCode(client));
    }

    @Override
    Object client() {
      return get();
    }
  }

  /** One open connection. */
  static final class Connection extends ConnectionRecord {
    private final ClientKey key;
    /** Null when the socket is unknown (opened before the agent saw the client). */
    final WeakReference<Socket> socket;
    volatile boolean active;
    volatile LeakDetector.Lease lease;
    /** https: the class of the HostnameVerifier that accepted the connection; null for http. */
    volatile Class<?> verifierClass;
    /** Whether the current request took it from the cache, and after how long idle there. */
    volatile boolean reused;
    volatile long idleBeforeReuseNanos;
    /** Whether a response arrived on it since it was acquired. */
    volatile boolean answered;
    /** Whether {@code closeServer()} closed it. */
    volatile boolean closed;

    Connection(Object client, Destination destination, Socket socket, long openedNanos) {
      super(destination, openedNanos);
      this.key = new ClientKey(client);
      this.socket = socket == null ? null : new WeakReference<>(socket);
    }

    /** The TCP socket (under the TLS socket for https), or null if unknown. */
    Socket socket() {
      return socket == null ? null : socket.get();
    }

    /** The client, or null once the application dropped it and it was collected. */
    Object client() {
      return key.get();
    }

    /** Whether the socket is known to be closed (an unknown socket counts as open). */
    boolean isClosed() {
      if (socket == null) {
        return false;
      }
      Socket current = socket.get();
      return current == null || current.isClosed();
    }
  }

  private final PoolRecorder recorder;
  private final LeakDetector leaks;
  private final ConcurrentHashMap<Key, Connection> connections = new ConcurrentHashMap<>();
  private final Set<Destination> seen = ConcurrentHashMap.newKeySet();

  KeepAliveConnections(PoolRecorder recorder, LeakDetector leaks) {
    this.recorder = recorder;
    this.leaks = leaks;
  }

  /** A new socket for this client; replaces what was tracked for it (a JDK retry reconnects the same client). */
  Connection opened(Object client, Destination destination, Socket socket) {
    Connection connection = new Connection(client, destination, socket, System.nanoTime());
    seen.add(destination);
    Connection previous = connections.put(connection.key, connection);
    if (previous != null) {
      forget(previous, System.nanoTime());
    }
    return connection;
  }

  Connection find(Object client) {
    return connections.get(new Probe(client));
  }

  /** The client's TCP socket (under the TLS socket for https), or null if unknown. */
  Socket socketOf(Object client) {
    Connection connection = find(client);
    return connection == null ? null : connection.socket();
  }

  void activate(Connection connection) {
    connection.active = true;
    connection.lease = leaks.leased(connection.destination());
  }

  void deactivate(Connection connection) {
    connection.active = false;
    LeakDetector.Lease lease = connection.lease;
    connection.lease = null;
    leaks.released(lease);
  }

  /** The client's socket is being closed; returns what was tracked for it, or null. */
  Connection closing(Object client) {
    Connection connection = connections.remove(new Probe(client));
    if (connection != null) {
      connection.closed = true;
      forget(connection, System.nanoTime());
    }
    return connection;
  }

  private void forget(Connection connection, long now) {
    recorder.connectionClosed(connection.destination(), connection.ageNanos(now));
    LeakDetector.Lease lease = connection.lease;
    connection.lease = null;
    leaks.released(lease);
  }

  /**
   * Finds connections closed without {@code closeServer()} (a failed TLS handshake, a peer close noticed by the
   * JDK) and clients the application dropped while they were active: such a connection never went back to the
   * cache, a leak even when leak detection is off. Runs on the maintenance thread.
   */
  void sweep() {
    long now = System.nanoTime();
    for (Iterator<Connection> it = connections.values().iterator(); it.hasNext(); ) {
      Connection connection = it.next();
      boolean collected = connection.client() == null;
      if (collected || connection.isClosed()) {
        it.remove();
        if (collected && connection.active) {
          LeakDetector.Lease lease = connection.lease;
          if (lease == null || !lease.isReported()) {
            recorder.leaked(connection.destination());
          }
        }
        forget(connection, now);
      }
    }
  }

  @Override
  public void observe(Observer observer) {
    Map<Destination, int[]> counts = new IdentityHashMap<>();
    for (Destination destination : seen) {
      counts.put(destination, new int[2]);
    }
    for (Connection connection : connections.values()) {
      int[] count = counts.get(connection.destination());
      // a connection closed since the last sweep is no longer open, whatever the sweep has yet to record
      if (count != null && connection.client() != null && !connection.isClosed()) {
        count[connection.active ? 0 : 1]++;
      }
    }
    for (Map.Entry<Destination, int[]> entry : counts.entrySet()) {
      observer.destination(entry.getKey(), entry.getValue()[0], entry.getValue()[1], -1, -1);
    }
  }
}
