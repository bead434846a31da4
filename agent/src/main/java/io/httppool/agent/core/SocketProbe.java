package io.httppool.agent.core;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Tells, without a round trip, whether the peer has closed an idle connection: a read that waits one
 * millisecond sees end of stream (the peer closed), an error (it reset), or nothing (still open). An idle HTTP/1.1
 * connection has nothing to read, so any byte that does arrive also makes it unfit for reuse. Where the JDK lets
 * the agent ask whether anything arrived at all ({@link SocketReadiness}), a socket on which nothing did is open
 * without that wait.
 */
final class SocketProbe {
  private SocketProbe() {}

  static boolean closedByPeer(Socket socket) {
    if (socket == null) {
      return false;
    }
    if (socket.isClosed() || socket.isInputShutdown()) {
      return true;
    }
    if (SocketReadiness.nothingArrived(socket) == Boolean.TRUE) {
      return false;
    }
    int timeout;
    try {
      timeout = socket.getSoTimeout();
    } catch (IOException e) {
      return true;
    }
    try {
      socket.setSoTimeout(1);
      socket.getInputStream().read();
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      try {
        socket.setSoTimeout(timeout);
      } catch (IOException ignored) {
        // the socket is closing; the next use will tell
      }
    }
  }
}
