package io.httppool.agent.instrumentation.jdkhttp.java11;

import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.ConnectionRecord;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolView;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK clients' connections, as the JDK's internals tell of them: a connection handed to an exchange is new or
 * reused (from the HTTP/1.1 pool, or an open HTTP/2 connection taking one more stream), active until the JDK puts
 * it back into its HTTP/1.1 pool, idle there, and gone when closed. An HTTP/2 connection never goes back to that
 * pool: it counts as active while open, whatever streams it carries. Keys are the JDK's connection objects.
 */
final class JdkConnections implements PoolView {
  private final PoolRecorder recorder;
  private final ClientDestinations destinations;
  private final ConcurrentHashMap<Object, Open> open = new ConcurrentHashMap<>();
  private final Set<Destination> seen = ConcurrentHashMap.newKeySet();

  JdkConnections(PoolRecorder recorder, ClientDestinations destinations) {
    this.recorder = recorder;
    this.destinations = destinations;
  }

  void handedOut(Object connection, Object request) {
    Open known = open.get(connection);
    if (known != null) {
      known.idle = false;
      recorder.connectionAcquired(known.destination(), true);
      return;
    }
    Destination destination = destinationOf(request);
    if (destination == null) {
      return;
    }
    seen.add(destination);
    open.put(connection, new Open(destination, System.nanoTime()));
    recorder.connectionAcquired(destination, false);
  }

  void returned(Object connection) {
    Open known = open.get(connection);
    if (known != null) {
      known.idleSince(System.nanoTime());
      known.idle = true;
    }
  }

  void closing(Object connection) {
    Open closed = open.remove(connection);
    if (closed != null) {
      recorder.connectionClosed(closed.destination(), closed.ageNanos(System.nanoTime()));
    }
  }

  /** A lookup that found an open HTTP/2 connection answers with a future already completed. */
  void http2LookedUp(Object request, Object lookup) {
    if (lookup instanceof CompletableFuture) {
      CompletableFuture<?> found = (CompletableFuture<?>) lookup;
      if (found.isDone() && !found.isCompletedExceptionally() && found.getNow(null) != null) {
        Destination destination = destinationOf(request);
        if (destination != null) {
          recorder.connectionAcquired(destination, true);
        }
      }
    }
  }

  private Destination destinationOf(Object request) {
    if (!(request instanceof HttpRequest)) {
      return null;
    }
    URI uri = ((HttpRequest) request).uri();
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    return destinations.get(scheme, uri.getHost(), uri.getPort());
  }

  @Override
  public void observe(Observer observer) {
    Map<Destination, int[]> counts = new IdentityHashMap<>();
    for (Destination destination : seen) {
      counts.put(destination, new int[2]);
    }
    for (Open connection : open.values()) {
      int[] count = counts.get(connection.destination());
      if (count != null) {
        count[connection.idle ? 1 : 0]++;
      }
    }
    for (Map.Entry<Destination, int[]> entry : counts.entrySet()) {
      observer.destination(entry.getKey(), entry.getValue()[0], entry.getValue()[1], -1, -1);
    }
  }

  private static final class Open extends ConnectionRecord {
    volatile boolean idle;

    Open(Destination destination, long openedNanos) {
      super(destination, openedNanos);
    }
  }
}
