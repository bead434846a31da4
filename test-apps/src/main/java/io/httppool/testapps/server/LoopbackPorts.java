package io.httppool.testapps.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a server that binds later than the moment its port is chosen: a server restarted on its old
 * port, or a child JVM told which port to listen on. A port the OS hands out as ephemeral can be given to any
 * outgoing connection in between, so these come from 20000-29999, below the ephemeral range of every OS (Linux
 * 32768-60999 by default, Windows and macOS 49152 and up), where nothing takes a port unasked.
 */
public final class LoopbackPorts {
  private static final int FIRST = 20_000;
  private static final int COUNT = 10_000;

  private LoopbackPorts() {}

  /** A port below the ephemeral range that nothing listens on right now. */
  public static int unusedBelowEphemeralRange() {
    IOException last = null;
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = randomBelowEphemeralRange();
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        last = taken;
      }
    }
    throw new IllegalStateException("no free loopback port in " + FIRST + "-" + (FIRST + COUNT - 1), last);
  }

  static int randomBelowEphemeralRange() {
    return FIRST + ThreadLocalRandom.current().nextInt(COUNT);
  }
}
