package io.httppool.testapps.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.RawHttpConnection;
import io.httppool.testapps.support.RawResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
@Harness
class LocalHttpServerKeepAliveTest {

  @Test
  void servesSeveralRequestsOnOneConnection() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse first = connection.sendGet("/hello").readResponse();
      RawResponse second = connection.sendGet("/status/201").readResponse();

      assertEquals(200, first.status());
      assertEquals(BuiltInRoutes.HELLO, first.bodyText());
      assertEquals(Optional.empty(), first.header("Connection"));
      assertEquals(201, second.status());
      assertEquals("status 201", second.bodyText());
      assertEquals(1, server.metrics().connectionsAccepted());
      assertEquals(2, server.metrics().requestsServed());
    }
  }

  @Test
  void javaHttpClientReusesTheConnection() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 5; i++) {
        var response = client.send(HttpRequest.newBuilder(server.uri("/hello")).build(),
            BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
      }
      assertEquals(1, server.metrics().connectionsAccepted());
    }
  }

  @Test
  void closesAConnectionIdleLongerThanTheTimeout() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(300).start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      assertEquals(200, connection.sendGet("/hello").readResponse().status());

      await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 0);
      assertTrue(connection.isClosedByServer());
      assertEquals(1, server.metrics().connectionsClosedIdle());
    }
  }

  @Test
  void idleTimeoutCountsOnlyTheTimeBetweenRequests() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder().idleTimeoutMillis(1_000).start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      // 1.5 s of busy connection in all, never idle for long
      for (int i = 0; i < 30; i++) {
        assertEquals(200, connection.sendGet("/delay/50").readResponse().status());
      }
      assertEquals(1, server.metrics().connectionsAccepted());
      assertEquals(1, server.metrics().openConnections());
      assertEquals(0, server.metrics().connectionsClosedIdle());
    }
  }

  @Test
  void honoursConnectionCloseFromTheClient() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse response = connection.sendGet("/hello", "Connection: close").readResponse();

      assertEquals(Optional.of("close"), response.header("Connection"));
      assertTrue(connection.isClosedByServer());
    }
  }

  @Test
  void closesAfterEveryResponseInConnectionCloseMode() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder().connectionCloseOnEveryResponse(true).start()) {
      try (RawHttpConnection connection = RawHttpConnection.open(server.port())) {
        RawResponse response = connection.sendGet("/hello").readResponse();
        assertEquals(Optional.of("close"), response.header("Connection"));
        assertTrue(connection.isClosedByServer());
      }
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 3; i++) {
        client.send(HttpRequest.newBuilder(server.uri("/hello")).build(), BodyHandlers.ofString());
      }
      assertEquals(4, server.metrics().connectionsAccepted());
    }
  }

  @Test
  void closesAfterTheMaximumNumberOfRequestsPerConnection() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder().maxRequestsPerConnection(2).start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse first = connection.sendGet("/hello").readResponse();
      RawResponse second = connection.sendGet("/hello").readResponse();

      assertFalse(first.header("Connection").isPresent());
      assertEquals(Optional.of("close"), second.header("Connection"));
      assertTrue(connection.isClosedByServer());
    }
  }

  @Test
  void closesHttp10ConnectionsAfterOneResponse() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse response = connection.send("GET /hello HTTP/1.0\r\n\r\n").readResponse();

      assertEquals(200, response.status());
      assertEquals(Optional.of("close"), response.header("Connection"));
      assertTrue(connection.isClosedByServer());
    }
  }

  @Test
  void advertisesTheKeepAliveTimeoutOnlyWhenAsked() throws Exception {
    try (LocalHttpServer plain = LocalHttpServer.start();
       LocalHttpServer hinting = LocalHttpServer.builder().idleTimeoutMillis(7_000).keepAliveHint().start();
       RawHttpConnection toPlain = RawHttpConnection.open(plain.port());
       RawHttpConnection toHinting = RawHttpConnection.open(hinting.port())) {
      assertEquals(Optional.empty(), toPlain.sendGet("/hello").readResponse().header("Keep-Alive"));
      assertEquals(Optional.of("timeout=7"), toHinting.sendGet("/hello").readResponse().header("Keep-Alive"));
    }
  }
}
