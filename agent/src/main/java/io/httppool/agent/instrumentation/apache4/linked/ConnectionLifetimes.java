package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.metrics.PoolMetrics;
import java.net.Socket;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections by socket, so that the maintenance sweep can report each one's lifetime once its socket is
 * closed (HttpClient 4.x has no close event the agent could hook cheaply).
 */
final class ConnectionLifetimes {
  private static final class Open {
    final Destination destination;
    final long openedNanos;

    Open(Destination destination, long openedNanos) {
      this.destination = destination;
      this.openedNanos = openedNanos;
    }
  }

  private final PoolMetrics metrics;
  private final ConcurrentHashMap<Socket, Open> open = new ConcurrentHashMap<>();

  ConnectionLifetimes(PoolMetrics metrics) {
    this.metrics = metrics;
  }

  void opened(Socket socket, Destination destination, long openedNanos) {
    if (socket == null || socket.isClosed()) {
      metrics.connectionClosed(destination, System.nanoTime() - openedNanos);
    } else {
      open.put(socket, new Open(destination, openedNanos));
    }
  }

  void sweep() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<Socket, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Socket, Open> entry = it.next();
      if (entry.getKey().isClosed()) {
        it.remove();
        metrics.connectionClosed(entry.getValue().destination, now - entry.getValue().openedNanos);
      }
    }
  }
}
