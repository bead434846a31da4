package io.httppool.testapps.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.RawHttpConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
@Harness
class LocalHttpServerLifecycleTest {

  @Test
  void bindsAnEphemeralLoopbackPort() {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      assertTrue(server.port() > 0);
      assertEquals("http://127.0.0.1:" + server.port() + "/hello", server.url("/hello"));
    }
  }

  @Test
  void closeClosesIdleAndBusyConnections() throws Exception {
    LocalHttpServer server = LocalHttpServer.start();
    try (RawHttpConnection idle = RawHttpConnection.open(server.port());
       RawHttpConnection busy = RawHttpConnection.open(server.port())) {
      idle.sendGet("/hello").readResponse();
      busy.sendGet("/delay/60000");
      await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().requestsReceived() == 2);

      assertTimeout(Duration.ofSeconds(5), server::close);

      assertTrue(idle.isClosedByServer());
      assertTrue(busy.isClosedByServer());
      assertEquals(0, server.metrics().openConnections());
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close());
    }
  }

  @Test
  void aRestartablePortIsBelowTheEphemeralRangeAndCanBeBoundAgainAfterClose() throws Exception {
    LocalHttpServer first = LocalHttpServer.builder().restartablePort().start();
    int port = first.port();
    try (RawHttpConnection connection = RawHttpConnection.open(port)) {
      connection.sendGet("/hello").readResponse();
    }
    first.close();
    assertTrue(port >= 20_000 && port < 30_000, "port " + port);
    try (LocalHttpServer again = LocalHttpServer.builder().port(port).start();
       RawHttpConnection connection = RawHttpConnection.open(port)) {
      connection.sendGet("/hello").readResponse();
      await().atMost(Duration.ofSeconds(10)).until(() -> again.metrics().requestsServed() == 1);
    }
  }

  @Test
  void closeIsIdempotent() {
    LocalHttpServer server = LocalHttpServer.start();
    server.close();
    server.close();
  }

  @Test
  void anInterceptorCanTakeOverTheConnection() throws Exception {
    ConnectionInterceptor dropSecondRequest = new ConnectionInterceptor() {
      @Override
      public Interception onRequest(RawConnection connection, ServerRequest request) throws IOException {
        if (connection.requestsReceived() < 2) {
          return Interception.CONTINUE;
        }
        connection.output().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ntruncated"
            .getBytes(StandardCharsets.US_ASCII));
        connection.output().flush();
        return Interception.TAKEN_OVER;
      }
    };
    try (LocalHttpServer server = LocalHttpServer.builder().interceptor(dropSecondRequest).start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      assertEquals(200, connection.sendGet("/hello").readResponse().status());
      IOException truncated = assertThrows(IOException.class,
          () -> connection.sendGet("/hello").readResponse());

      assertTrue(truncated.getMessage().contains("9 of 100"), truncated.getMessage());
      assertEquals(2, server.metrics().requestsReceived());
      assertEquals(1, server.metrics().requestsServed());
    }
  }

  @Test
  void anInterceptorSeesConnectionsInAcceptOrder() throws Exception {
    ConnectionInterceptor refuseFirst = new ConnectionInterceptor() {
      @Override
      public Interception onConnectionOpened(RawConnection connection) {
        return connection.sequenceNumber() == 1 ? Interception.TAKEN_OVER : Interception.CONTINUE;
      }
    };
    try (LocalHttpServer server = LocalHttpServer.builder().interceptor(refuseFirst).start()) {
      try (RawHttpConnection first = RawHttpConnection.open(server.port())) {
        assertTrue(first.isClosedByServer());
      }
      try (RawHttpConnection second = RawHttpConnection.open(server.port())) {
        assertEquals(200, second.sendGet("/hello").readResponse().status());
      }
    }
  }
}
