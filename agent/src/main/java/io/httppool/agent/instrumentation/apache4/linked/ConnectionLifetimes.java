package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.ConnectionRecord;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import java.net.Socket;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections by socket: when each was opened and last released to its pool, with the keep-alive time the
 * library read from the last response, for the stale-connection guard; and so that the maintenance sweep can report
 * each one's lifetime once its socket is closed (HttpClient 4.x has no close event the agent could hook cheaply).
 */
final class ConnectionLifetimes {
  private final PoolRecorder recorder;
  private final ConcurrentHashMap<Socket, ConnectionRecord> open = new ConcurrentHashMap<>();

  ConnectionLifetimes(PoolRecorder recorder) {
    this.recorder = recorder;
  }

  /**
   * A lease ends, before the pool takes the connection back; {@code openedNanos} is when this lease opened it, 0
   * when the lease reused it.
   */
  void released(Socket socket, Destination destination, long openedNanos, long keepAliveHintMillis) {
    if (openedNanos != 0) {
      opened(socket, destination, openedNanos);
    }
    ConnectionRecord known = find(socket);
    if (known != null) {
      known.keepAliveHintMillis(keepAliveHintMillis);
      known.idleSince(System.nanoTime());
    }
  }

  private void opened(Socket socket, Destination destination, long openedNanos) {
    if (socket == null || socket.isClosed()) {
      recorder.connectionClosed(destination, System.nanoTime() - openedNanos);
    } else {
      open.put(socket, new ConnectionRecord(destination, openedNanos));
    }
  }

  /** The record of a connection released to its pool before, or null. */
  ConnectionRecord find(Socket socket) {
    return socket == null ? null : open.get(socket);
  }

  void sweep() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<Socket, ConnectionRecord>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Socket, ConnectionRecord> entry = it.next();
      if (entry.getKey().isClosed()) {
        it.remove();
        recorder.connectionClosed(entry.getValue().destination(), entry.getValue().ageNanos(now));
      }
    }
  }
}
