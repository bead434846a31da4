package io.httppool.testapps.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.RawHttpConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@Harness
class LocalHttpServerMetricsTest {

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void countsRequestsPerRequestId() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      post(server, "a");
      post(server, "a");
      post(server, "b");
      client.send(HttpRequest.newBuilder(server.uri("/hello")).build(), BodyHandlers.discarding());

      assertEquals(2, server.metrics().requestCount("a"));
      assertEquals(1, server.metrics().requestCount("b"));
      assertEquals(0, server.metrics().requestCount("never-sent"));
      assertEquals(Map.of("a", 2L, "b", 1L), server.metrics().requestCountsById());
      assertEquals(4, server.metrics().requestsReceived());
    }
  }

  @Test
  void countsConcurrentRequestsExactlyOnceEach() throws Exception {
    int requests = 200;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      List<CompletableFuture<?>> responses = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        responses.add(client.sendAsync(postRequest(server, "id-" + i), BodyHandlers.discarding()));
      }
      CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();

      Map<String, Long> counts = server.metrics().requestCountsById();
      assertEquals(requests, counts.size());
      counts.forEach((id, count) -> assertEquals(1L, count, id));
      assertEquals(requests, server.metrics().requestsServed());
    }
  }

  @Test
  void tracksOpenAndMaximumOpenConnections() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      try (RawHttpConnection one = RawHttpConnection.open(server.port());
         RawHttpConnection two = RawHttpConnection.open(server.port());
         RawHttpConnection three = RawHttpConnection.open(server.port())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 3);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 0);
      try (RawHttpConnection four = RawHttpConnection.open(server.port())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 1);
      }

      assertEquals(4, server.metrics().connectionsAccepted());
      assertEquals(3, server.metrics().maxOpenConnections());
      assertEquals(3, server.metrics().mostOpenSinceMark());

      await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 0);
      server.metrics().markOpenConnections();
      try (RawHttpConnection five = RawHttpConnection.open(server.port())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 1);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 0);
      try (RawHttpConnection six = RawHttpConnection.open(server.port())) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 1);
      }
      assertEquals(1, server.metrics().mostOpenSinceMark(), "two connections one after the other: one at once");
      assertEquals(3, server.metrics().maxOpenConnections());
    }
  }

  @Test
  void countsConnectionsEndedByAnErrorButNotThoseClosedBetweenRequests() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      try (RawHttpConnection closedCleanly = RawHttpConnection.open(server.port())) {
        assertEquals(200, closedCleanly.sendGet("/hello").readResponse().status());
      }
      try (Socket resetMidRequest = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        resetMidRequest.getOutputStream().write(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nten bytes.".getBytes(US_ASCII));
        resetMidRequest.getOutputStream().flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 1);
        resetMidRequest.setSoLinger(true, 0);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.metrics().openConnections() == 0);

      assertEquals(1, server.metrics().connectionsClosedOnError());
      assertTrue(server.metrics().lastConnectionError().contains("SocketException"),
          server.metrics().lastConnectionError());
      assertEquals(0, server.metrics().connectionsClosedIdle());
    }
  }

  private void post(LocalHttpServer server, String requestId) throws Exception {
    client.send(postRequest(server, requestId), BodyHandlers.discarding());
  }

  private static HttpRequest postRequest(LocalHttpServer server, String requestId) {
    return HttpRequest.newBuilder(server.uri("/echo"))
        .header(ServerMetrics.REQUEST_ID_HEADER, requestId)
        .POST(BodyPublishers.ofString("body of " + requestId))
        .build();
  }
}
