package io.httppool.agent.instrumentation.apache5.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.AgentContext;
import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.metrics.PoolMetrics;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a client's code does on the engine's shared I/O threads (real HttpClient 5.5 classes, a real loopback
 * server): it must not end a thread that the other clients' connections live on. The library runs a client's exec
 * chain on the I/O thread that delivers its connection's events; when the client was closed, a retry it schedules
 * there is refused by its shut-down scheduler with a {@code RejectedExecutionException}, which without the agent
 * ends only that client's own (already closed) reactor.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EngineClientCallbacksTest {
  private static final long BOUND_SECONDS = 10;
  /** Enough fresh connections to be handed to every I/O thread of the engine (round robin), twice. */
  private static final int LATER_REQUESTS = 2 * Runtime.getRuntime().availableProcessors() + 1;

  private final Maintenance maintenance = new Maintenance();
  private final PoolState poolState = new PoolState();
  private final LinkedApache5Support support = new LinkedApache5Support(new AgentContext(
      AgentConfig.load(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap(), null),
      new Destinations(10), poolState, new PoolMetrics(OpenTelemetry.noop().getMeter("test"), poolState),
      maintenance));
  private final List<ServerSocket> servers = new ArrayList<>();
  private final CountDownLatch requestArrived = new CountDownLatch(1);
  private final CountDownLatch resetNow = new CountDownLatch(1);

  EngineClientCallbacksTest() throws ReflectiveOperationException {}

  @AfterEach
  void stop() throws IOException {
    resetNow.countDown();
    maintenance.shutdown();
    for (ServerSocket server : servers) {
      server.close();
    }
  }

  @Test
  void aClosedClientsRetryRefusedOnAnEngineThreadLeavesTheEngineServingTheOthers() throws Exception {
    String base = "http://127.0.0.1:" + server();
    CloseableHttpAsyncClient closed = client();
    closed.start();
    closed.execute(SimpleRequestBuilder.get(base + "/reset").build(), null);
    assertTrue(requestArrived.await(BOUND_SECONDS, TimeUnit.SECONDS));
    closed.close();
    // the server resets the connection: a GET the library retries, on the engine thread that reads the reset
    resetNow.countDown();

    assertLaterRequestsSucceed(base);
  }

  @Test
  void requestsCancelledOnceTheirHeadersArrivedByClientsClosedRightAfterLeaveTheEngineServingTheOthers()
      throws Exception {
    // the transparency suite's "cancel after headers": cancelling closes the connection from the caller's thread
    // while an engine thread reads the body, which then fails the exchange a second time, retryably
    String base = "http://127.0.0.1:" + server();
    for (int i = 0; i < 50; i++) {
      CloseableHttpAsyncClient client = client();
      try {
        client.start();
        CountDownLatch headers = new CountDownLatch(1);
        Future<Void> exchange = client.execute(SimpleRequestProducer.create(
            SimpleRequestBuilder.get(base + "/large").build()), new HeadersOnly(headers), null);
        assertTrue(headers.await(BOUND_SECONDS, TimeUnit.SECONDS), "headers of request " + i);
        exchange.cancel(true);
      } finally {
        client.close();
      }
    }
    assertLaterRequestsSucceed(base);
  }

  private void assertLaterRequestsSucceed(String base) throws Exception {
    for (int i = 0; i < LATER_REQUESTS; i++) {
      CloseableHttpAsyncClient client = client();
      try {
        client.start();
        SimpleHttpResponse response = client.execute(SimpleRequestBuilder.get(base + "/ok").build(), null)
            .get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, response.getCode());
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("request " + i + " after that", e);
      } finally {
        client.close();
      }
    }
  }

  private CloseableHttpAsyncClient client() throws ReflectiveOperationException {
    CloseableHttpAsyncClient client = LinkedApache5SupportTest.build(support, HttpAsyncClientBuilder.create());
    assertTrue(LinkedApache5SupportTest.field(client, "manager") instanceof EngineClientManager, "on the engine");
    return client;
  }

  /** Reads the head, counts the headers down and discards the body. */
  private static final class HeadersOnly extends AbstractBinResponseConsumer<Void> {
    private final CountDownLatch headers;

    HeadersOnly(CountDownLatch headers) {
      this.headers = headers;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      headers.countDown();
    }

    @Override
    protected Void buildResult() {
      return null;
    }

    @Override
    protected int capacityIncrement() {
      return 16 * 1024;
    }

    @Override
    protected void data(ByteBuffer data, boolean endOfStream) {
      data.position(data.limit());
    }

    @Override
    public void releaseResources() {}
  }

  /**
   * An HTTP/1.1 server: {@code /ok} 2 bytes and a close (so that each such request connects anew, on the next
   * I/O thread of the engine), {@code /large} 600 KiB kept alive, {@code /reset} a reset on cue.
   */
  private int server() throws IOException {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    servers.add(server);
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          Socket socket = server.accept();
          Thread connection = new Thread(() -> serve(socket), "test-server-connection");
          connection.setDaemon(true);
          connection.start();
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "test-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }

  private void serve(Socket socket) {
    try (Socket open = socket) {
      InputStream in = open.getInputStream();
      OutputStream out = open.getOutputStream();
      String path;
      while ((path = readRequestPath(in)) != null) {
        if (path.equals("/reset")) {
          requestArrived.countDown();
          resetNow.await();
          open.setSoLinger(true, 0);
          return;
        }
        boolean large = path.equals("/large");
        byte[] body = new byte[large ? 600 * 1024 : 2];
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
            + (large ? "" : "\r\nConnection: close") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        if (!large) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  /** The path of the next request on the connection (its head read to the end), or null at its end. */
  private static String readRequestPath(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        return head.toString().split(" ")[1];
      }
    }
    return null;
  }
}
