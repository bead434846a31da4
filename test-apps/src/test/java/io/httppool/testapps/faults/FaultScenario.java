package io.httppool.testapps.faults;

import io.httppool.testapps.server.ConnectionInterceptor;
import io.httppool.testapps.server.Interception;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.RawConnection;
import io.httppool.testapps.server.ServerRequest;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The faults a server can inflict, each as a server setup and the requests the app sends against it. */
enum FaultScenario {
  /**
   * Gaps at the server's idle timeout, after one gap well past it: the server's close is seen once (a connection
   * found closed at the next lease) before the edge. Before anything can be known of the timeout, a POST written
   * as the server times out its read fails with any client, with or without the agent, and a single pair of runs
   * would compare two coin flips; what the agent promises is that, once a server's close was seen, its requests
   * stop meeting it.
   */
  KEEP_ALIVE_RACE("keep-alive close racing reuse", "POST", 12, "pause=1000", "jitter=60", "longPauseAfter=1",
      "longPause=1300") {
    @Override
    LocalHttpServer.Builder server() {
      return LocalHttpServer.builder().idleTimeoutMillis(1000);
    }

    /**
     * A family the agent does not guard (the JDK's own client: its pool stays inside the JDK) races as it does
     * alone, so how many requests meet the close depends on timing, with or without the agent (seen 0/2, 1/0, 3/1
     * in runs of the same code); what it may never do is fail in a way the JDK's race does not.
     */
    @Override
    Set<String> timingArtifacts(String family) {
      return ClientFamilies.staleGuarded(family) ? Set.of() : Set.of("IOException");
    }
  },
  /**
   * A short pause between requests lets an async client put the connection back in its pool before the next
   * request, so that every second request meets the dropped connection, with or without the agent.
   */
  CLOSE_WITHOUT_RESPONSE("close without response on a reused connection", "GET", 10, "pause=20") {
    @Override
    LocalHttpServer.Builder server() {
      return LocalHttpServer.builder().interceptor(new ConnectionInterceptor() {
        @Override
        public Interception onRequest(RawConnection connection, ServerRequest request) {
          return connection.requestsReceived() >= 2 ? Interception.TAKEN_OVER : Interception.CONTINUE;
        }
      });
    }
  },
  /** Paused like {@link #CLOSE_WITHOUT_RESPONSE}, for the same reason. */
  RESET_MID_RESPONSE("RST mid-response", "GET", 9, "pause=20") {
    /**
     * The async client ends this differently from run to run, with or without the agent: its retry of the reset
     * request sometimes finds its connection already closed and fails with RequestNotExecutedException (not
     * retried) instead of being sent again.
     */
    @Override
    Set<String> timingArtifacts(String family) {
      return family.equals("apache5-async") ? Set.of("RequestNotExecutedException") : Set.of();
    }

    @Override
    LocalHttpServer.Builder server() {
      AtomicInteger requests = new AtomicInteger();
      return LocalHttpServer.builder().interceptor(new ConnectionInterceptor() {
        @Override
        public Interception onRequest(RawConnection connection, ServerRequest request) throws IOException {
          if (requests.incrementAndGet() % 3 != 0) {
            return Interception.CONTINUE;
          }
          OutputStream out = connection.output();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.write(new byte[100]);
          out.flush();
          connection.socket().setSoLinger(true, 0);
          connection.socket().close();
          return Interception.TAKEN_OVER;
        }
      });
    }
  },
  CONNECTION_REFUSED("connection refused", "GET", 3) {
    @Override
    LocalHttpServer.Builder server() {
      return LocalHttpServer.builder();
    }

    @Override
    String url(LocalHttpServer server) {
      int port = server.port();
      server.close();
      return "http://127.0.0.1:" + port + "/hello";
    }
  },
  /**
   * The app warms its client up first, and the timeout leaves a connect room: the JDK's {@code HttpClient}, whose
   * read timeout is the request's timeout, names it {@code HttpConnectTimeoutException} when it fires before the
   * connection is up, and a cold client's first exchange spends 150 to 450 ms (2-core machine, load 12 to 15),
   * once over 1 s, loading the JDK's classes before it connects. With a cold client and 300 ms that happened to
   * 1 run in 20 without the agent, so the two runs compared could disagree without either being wrong.
   */
  SLOW_HEADERS("slow headers beyond the read timeout", "GET", 3, "readTimeout=1000", "warmUpPath=/hello") {
    @Override
    LocalHttpServer.Builder server() {
      return LocalHttpServer.builder();
    }

    @Override
    String url(LocalHttpServer server) {
      return server.url("/delay/2500");
    }
  },
  TLS_HANDSHAKE_FAILURE("TLS handshake failure", "GET", 3) {
    @Override
    LocalHttpServer.Builder server() {
      // the client trusts the main test CA only
      return LocalHttpServer.builder().tls(TestPaths.certificates().serverContext(TestCertificates.Authority.OTHER));
    }
  },
  /**
   * The server restarts while the app pauses after its first ten requests, so that no request meets the moment
   * the port is closed (a refusal that depends on timing only); the pooled connections all go stale.
   */
  SERVER_RESTART("server restart in the middle of a run", "GET", 40, "pause=25", "longPauseAfter=10",
      "longPause=1500") {
    @Override
    LocalHttpServer.Builder server() {
      return LocalHttpServer.builder().restartablePort();
    }
  },
  CONNECTION_CLOSE_ALWAYS("Connection: close on every response", "POST", 10) {
    @Override
    LocalHttpServer.Builder server() {
      return LocalHttpServer.builder().connectionCloseOnEveryResponse(true);
    }
  };

  final String description;
  final String method;
  final int requests;
  final List<String> appArguments;

  FaultScenario(String description, String method, int requests, String... appArguments) {
    this.description = description;
    this.method = method;
    this.requests = requests;
    this.appArguments = List.of(appArguments);
  }

  abstract LocalHttpServer.Builder server();

  /**
   * Exception types the family's library produces in this scenario or not depending on timing alone; where there
   * are any, failure and re-send counts are not compared, only that the agent brings no other exception type.
   */
  Set<String> timingArtifacts(String family) {
    return Set.of();
  }

  String url(LocalHttpServer server) {
    return server.url("POST".equals(method) ? "/echo" : "/hello");
  }
}
