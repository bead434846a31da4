package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The surefire configuration opens to this test what the agent opens through Instrumentation. */
class SocketReadinessTest {
  @BeforeAll
  static void enable() {
    SocketReadiness.enable(null);
    assertTrue(SocketReadiness.enabled(), "the JDK's poll is reachable");
  }

  @Test
  void aQuietOpenSocketHasNothingArrivedAndIsToldOpenWithoutWaiting() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      assertEquals(Boolean.TRUE, SocketReadiness.nothingArrived(client));
      assertFalse(SocketProbe.closedByPeer(client));
      assertEquals(0, client.getSoTimeout(), "the probe did not touch the read timeout");
    }
  }

  @Test
  void aByteOrTheCloseOfThePeerIsSeen() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
        Socket talking = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket talker = server.accept();
        Socket closing = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket closer = server.accept()) {
      talker.getOutputStream().write(1);
      closer.close();

      await().atMost(Duration.ofSeconds(10)).until(() -> SocketReadiness.nothingArrived(talking) == Boolean.FALSE
          && SocketReadiness.nothingArrived(closing) == Boolean.FALSE);
      assertTrue(SocketProbe.closedByPeer(talking), "a byte on an idle connection makes it unfit");
      assertTrue(SocketProbe.closedByPeer(closing));
    }
  }

  @Test
  void aSocketWithoutItsOwnConnectionCannotBeTold() throws IOException {
    try (Socket unconnected = new Socket()) {
      assertEquals(null, SocketReadiness.nothingArrived(unconnected));
    }
  }
}
