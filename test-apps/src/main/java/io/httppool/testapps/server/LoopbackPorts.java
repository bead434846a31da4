package io.httppool.testapps.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a server that binds later than the moment its port is chosen: a server restarted on its old
 * port, or a child JVM told which port to listen on. Two things could take such a port in between, and neither
 * can here:
 * <ul>
 *   <li>an outgoing connection, which the OS gives an ephemeral port: these come from 20000-29999, below the
 *       ephemeral range of every OS (Linux 32768-60999 by default, Windows and macOS 49152 and up);
 *   <li>another test, in this JVM or in any other build on the machine, that chose the same port and has not bound
 *       it yet: each port handed out is reserved with a file lock this JVM holds until it exits.
 * </ul>
 */
public final class LoopbackPorts {
  private static final int FIRST = 20_000;
  private static final int COUNT = 10_000;
  private static final Path RESERVATIONS = Path.of(System.getProperty("java.io.tmpdir"), "httppool-test-ports");
  /** Held, never released: the OS drops the locks when this JVM ends. */
  private static final List<FileLock> HELD = new CopyOnWriteArrayList<>();

  private LoopbackPorts() {}

  /** A port below the ephemeral range that nothing listens on and no other test has been given. */
  public static int unusedBelowEphemeralRange() {
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
      if (reserve(port) && nothingListensOn(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free loopback port in " + FIRST + "-" + (FIRST + COUNT - 1));
  }

  private static boolean reserve(int port) {
    try {
      Files.createDirectories(RESERVATIONS);
      FileChannel channel = FileChannel.open(RESERVATIONS.resolve(Integer.toString(port)),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        return false;
      }
      HELD.add(lock);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve a test port in " + RESERVATIONS, e);
    }
  }

  private static boolean nothingListensOn(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
