package io.httppool.agent.instrumentation.jdkhttp.java11;

import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.ConnectionTracker;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The JDK clients' connections, as the JDK's internals tell of them: a connection handed to an exchange is new or
 * reused (from the HTTP/1.1 pool, or an open HTTP/2 connection taking one more stream), active until the JDK puts
 * it back into its HTTP/1.1 pool, idle there, and gone once its channel is closed (found by the tracker's sweep,
 * whichever way the JDK closed it: a failed TLS handshake closes the channel without closing the connection). An
 * HTTP/2 connection never goes back to that pool: it counts as active while open, whatever streams it carries.
 */
final class JdkConnections {
  private final PoolRecorder recorder;
  private final ClientDestinations destinations;
  private final ConnectionTracker tracker;
  /** The channel of the TCP connection made last on this thread, until the connection is handed out. */
  private final ThreadLocal<SocketChannel> openedOnThread = new ThreadLocal<>();

  JdkConnections(PoolRecorder recorder, ClientDestinations destinations, ConnectionTracker tracker) {
    this.recorder = recorder;
    this.destinations = destinations;
    this.tracker = tracker;
  }

  void channelOpened(Object channel) {
    if (channel instanceof SocketChannel) {
      openedOnThread.set((SocketChannel) channel);
    }
  }

  void handedOut(Object connection, Object request) {
    ConnectionTracker.Tracked known = tracker.get(connection);
    if (known != null) {
      tracker.acquired(known);
      recorder.connectionAcquired(known.destination(), true);
      return;
    }
    SocketChannel channel = openedOnThread.get();
    openedOnThread.remove();
    Destination destination = destinationOf(request);
    if (destination == null) {
      return;
    }
    recorder.connectionAcquired(destination, false);
    if (channel != null) {
      tracker.acquired(tracker.track(connection, destination, channel.socket(), System.nanoTime()));
    }
  }

  void returned(Object connection) {
    ConnectionTracker.Tracked known = tracker.get(connection);
    if (known != null) {
      tracker.released(known);
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
    return request instanceof HttpRequest ? destinationOf(destinations, ((HttpRequest) request).uri()) : null;
  }

  static Destination destinationOf(ClientDestinations destinations, URI uri) {
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    return destinations.get(scheme, uri.getHost(), uri.getPort());
  }
}
