package io.httppool.testapps.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Harness;
import io.httppool.testapps.support.RawHttpConnection;
import io.httppool.testapps.support.RawResponse;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@Harness
class LocalHttpServerBodiesTest {

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void echoesAChunkedRequestBody() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse response = connection.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n"
          + "7;note=extension\r\n, world\r\n"
          + "0\r\nX-Trailer: ignored\r\n\r\n").readResponse();

      assertEquals(200, response.status());
      assertEquals("hello, world", response.bodyText());
      assertEquals(Optional.of("12"), response.header("Content-Length"));
      assertEquals(Optional.of(BuiltInRoutes.OCTET_STREAM), response.header("Content-Type"));
    }
  }

  @Test
  void echoesABinaryBodyExactly() throws Exception {
    byte[] body = new byte[1_000_003];
    new Random(42).nextBytes(body);
    try (LocalHttpServer server = LocalHttpServer.start()) {
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.uri("/echo"))
          .PUT(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofByteArray());

      assertEquals(200, response.statusCode());
      assertArrayEquals(body, response.body());
    }
  }

  @Test
  void answers100ContinueBeforeReadingTheBody() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      connection.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
          + "Expect: 100-continue\r\n\r\n");
      RawResponse interim = connection.readResponse();
      RawResponse fin = connection.send("ping").readResponse();

      assertEquals(100, interim.status());
      assertEquals(200, fin.status());
      assertEquals("ping", fin.bodyText());
    }
  }

  @Test
  void javaHttpClientExpectContinueWorks() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/echo"))
          .expectContinue(true).POST(BodyPublishers.ofString("payload")).build(), BodyHandlers.ofString());

      assertEquals("payload", response.body());
    }
  }

  @Test
  void headGetsTheHeadersOfGetWithoutABody() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse head = connection.send("HEAD /bytes/52428800 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .readHeadResponse();
      RawResponse next = connection.sendGet("/hello").readResponse();

      assertEquals(200, head.status());
      assertEquals(Optional.of("52428800"), head.header("Content-Length"));
      assertEquals(BuiltInRoutes.HELLO, next.bodyText(), "no body bytes may follow a HEAD response");
    }
  }

  @Test
  void streams50MegabytesOfDeterministicBytes() throws Exception {
    long size = 50L * 1024 * 1024;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      HttpResponse<InputStream> response = client.send(
          HttpRequest.newBuilder(server.uri("/bytes/" + size)).build(), BodyHandlers.ofInputStream());

      assertEquals(Optional.of(Long.toString(size)), response.headers().firstValue("Content-Length"));
      assertEquals(size, readAndVerify(response.body()));
    }
  }

  @Test
  void streamsChunkedWhenAsked() throws Exception {
    long size = 1_000_000;
    try (LocalHttpServer server = LocalHttpServer.start()) {
      HttpResponse<InputStream> response = client.send(
          HttpRequest.newBuilder(server.uri("/bytes/" + size + "?chunked=true")).build(),
          BodyHandlers.ofInputStream());

      assertEquals(Optional.of("chunked"), response.headers().firstValue("Transfer-Encoding"));
      assertEquals(size, readAndVerify(response.body()));
    }
  }

  @Test
  void answersTheRequestedStatus() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse notFound = connection.sendGet("/status/404").readResponse();
      RawResponse noContent = connection.sendGet("/status/204").readResponse();
      RawResponse unavailable = connection.sendGet("/status/503").readResponse();

      assertEquals("HTTP/1.1 404 Not Found", notFound.statusLine());
      assertEquals("status 404", notFound.bodyText());
      assertEquals(204, noContent.status());
      assertEquals(Optional.empty(), noContent.header("Content-Length"));
      assertEquals("status 503", unavailable.bodyText());
    }
  }

  @Test
  void identicalRequestsGetByteIdenticalResponses() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection first = RawHttpConnection.open(server.port());
       RawHttpConnection second = RawHttpConnection.open(server.port())) {
      for (String path : new String[] {"/hello", "/status/418", "/bytes/1000", "/whoami", "/delay/0"}) {
        RawResponse one = first.sendGet(path).readResponse();
        RawResponse other = second.sendGet(path).readResponse();
        assertEquals(one.rawText(), other.rawText(), path);
      }
    }
  }

  @Test
  void delaysTheResponse() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      long start = System.nanoTime();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/delay/300")).build(),
          BodyHandlers.ofString());

      assertTrue(System.nanoTime() - start >= 300_000_000L);
      assertEquals("delayed 300 ms", response.body());
    }
  }

  @Test
  void customRoutesComeBeforeBuiltInOnes() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder()
        .route("GET", "/hello", request -> ServerResponse.text(200, "overridden"))
        .route("*", "/items/*", request -> ServerResponse.text(200, request.method() + " " + request.path()))
        .start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      assertEquals("overridden", connection.sendGet("/hello").readResponse().bodyText());
      assertEquals("GET /items/7", connection.sendGet("/items/7?x=1").readResponse().bodyText());
    }
  }

  @Test
  void answersUnknownPathsAndMethods() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      RawResponse unknown = connection.sendGet("/nowhere").readResponse();
      RawResponse wrongMethod = connection.send("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
      RawResponse failing = connection.sendGet("/status/abc").readResponse();

      assertEquals(404, unknown.status());
      assertEquals(405, wrongMethod.status());
      assertEquals(Optional.of("POST, PUT"), wrongMethod.header("Allow"));
      assertEquals(400, failing.status());
    }
  }

  @Test
  void aFailingHandlerGets500AndTheConnectionSurvives() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.builder()
        .route("GET", "/boom", request -> {
          throw new IllegalStateException("boom");
        })
        .start();
       RawHttpConnection connection = RawHttpConnection.open(server.port())) {
      assertEquals(500, connection.sendGet("/boom").readResponse().status());
      assertEquals(200, connection.sendGet("/hello").readResponse().status());
    }
  }

  private static long readAndVerify(InputStream body) throws Exception {
    byte[] buffer = new byte[64 * 1024];
    long position = 0;
    try (body) {
      int read;
      while ((read = body.read(buffer)) >= 0) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] != DeterministicBytes.byteAt(position + i)) {
            throw new AssertionError("wrong byte at offset " + (position + i));
          }
        }
        position += read;
      }
    }
    return position;
  }
}
