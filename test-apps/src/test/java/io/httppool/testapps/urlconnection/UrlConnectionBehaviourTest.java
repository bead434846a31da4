package io.httppool.testapps.urlconnection;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.server;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.httppool.testapps.families.UrlConnectionFamily;
import io.httppool.testapps.server.DeterministicBytes;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.Jdks;
import io.httppool.testapps.support.PrometheusScrape;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Error bodies, large bodies, socket factories, leaks and the idle settings, with the real agent jar. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@UrlConnectionFamily
class UrlConnectionBehaviourTest {
  private static final int THREADS = 8;
  private static final long FIFTY_MB = 50L * 1024 * 1024;

  static List<Jdk> jdks() {
    return Jdks.available();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void errorBodiesReadOnlySometimesPinNoConnection(Jdk jdk) {
    int requests = 1500;
    try (LocalHttpServer server = server(false)) {
      ChildJvmResult result = ChildJvm.on(jdk).withAgent().name("urlconnection-errors-" + jdk)
          .run(UrlConnectionApp.class.getName(), "base=" + server.url(""), "mode=errors",
              "requests=" + requests, "threads=" + THREADS)
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(UrlConnectionApp.expectedErrorsDigest(requests), result.result("digest"), "responses differ");
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 2 * THREADS, connections + " connections for " + requests + " requests");
    }
  }

  static List<Arguments> streams() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.available()) {
      runs.add(Arguments.of(jdk, false, false));
    }
    runs.add(Arguments.of(Jdk.JDK_17, true, false));
    runs.add(Arguments.of(Jdks.available().get(Jdks.available().size() - 1), false, true));
    return runs;
  }

  @ParameterizedTest(name = "{0} tls={1} chunked={2}")
  @MethodSource("streams")
  void aFiftyMegabyteBodyStreamsThroughASmallHeap(Jdk jdk, boolean tls, boolean chunked) throws Exception {
    try (LocalHttpServer server = server(tls)) {
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().jvmArgument("-Xmx64m")
          .name("urlconnection-stream-" + jdk + (tls ? "-tls" : "") + (chunked ? "-chunked" : ""));
      if (tls) {
        trustTestCertificates(jvm);
      }
      ChildJvmResult result = jvm.run(UrlConnectionStreamApp.class.getName(),
          "url=" + server.url("/bytes/" + FIFTY_MB + (chunked ? "?chunked=true" : "")), "requests=2")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(Long.toString(FIFTY_MB), result.result("bytes"));
      assertEquals(expectedSha256(FIFTY_MB), result.result("sha256"));
      assertAgentHealthy(result);
      assertEquals(1, server.metrics().connectionsAccepted(), "a body read to its end returns its connection");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void connectionsOfDifferentSocketFactoriesAreNeverShared(Jdk jdk) {
    try (LocalHttpServer server = server(true)) {
      ChildJvmResult result = ChildJvm.on(jdk).withAgent().name("urlconnection-factories-" + jdk)
          .run(UrlConnectionFactoriesApp.class.getName(), "url=" + server.url("/hello"), "rounds=10",
              "certs=" + TestPaths.certificates().directory())
          .assertSuccess();

      assertEquals("20", result.result("ok"), result.outputTails());
      assertEquals("SSLHandshakeException", result.result("otherTrust"), "a connection of another factory was used");
      assertEquals("200", result.result("firstAgain"));
      assertAgentHealthy(result);
      // one connection per trusting factory, reused by it alone, plus the refused handshake
      assertEquals(3, server.metrics().connectionsAccepted());
    }
  }

  static List<Arguments> verifierRuns() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : Jdks.available()) {
      runs.add(Arguments.of(jdk, true));
    }
    runs.add(Arguments.of(Jdk.JDK_17, false));
    return runs;
  }

  @ParameterizedTest(name = "{0} agent={1}")
  @MethodSource("verifierRuns")
  void aConnectionAcceptedByALenientHostnameVerifierIsNotReusedUnderTheDefaultOne(Jdk jdk, boolean agent)
      throws Exception {
    String alias = InetAddress.getLocalHost().getHostName();
    assumeTrue(!alias.equals("localhost") && InetAddress.getByName(alias).getHostAddress().equals("127.0.0.1"),
        "needs a name of 127.0.0.1 that the test certificate does not list");
    try (LocalHttpServer server = server(true)) {
      String aliasUrl = "https://" + alias + ":" + server.port() + "/hello";
      ChildJvm jvm = ChildJvm.on(jdk).name("urlconnection-verifiers-" + jdk + "-" + agent);
      if (agent) {
        jvm.withAgent();
      }
      ChildJvmResult result = jvm.run(UrlConnectionFactoriesApp.class.getName(), "url=" + server.url("/hello"),
              "rounds=1", "certs=" + TestPaths.certificates().directory(), "alias-url=" + aliasUrl)
          .assertSuccess();

      assertEquals("200", result.result("lenient"), result.outputTails());
      assertEquals("200", result.result("lenientAgain"));
      if (agent) {
        assertEquals("SSLHandshakeException", result.result("strict"), "the lenient connection was reused");
        assertAgentHealthy(result);
      } else {
        // the JDK alone reuses the connection the lenient verifier accepted, without checking the host name
        assertEquals("status 200", result.result("strict"), result.outputTails());
      }
    }
  }

  static List<Arguments> slowBodies() {
    Jdk latest = Jdks.available().get(Jdks.available().size() - 1);
    return List.of(Arguments.of(Jdk.JDK_17, true), Arguments.of(latest, false), Arguments.of(latest, true));
  }

  /** Half of each body arrives with the headers, the rest 30 ms later: within the agent's 100 ms wait. */
  @ParameterizedTest(name = "{0} tls={1}")
  @MethodSource("slowBodies")
  void aSmallBodyStillArrivingIsWaitedForAndItsConnectionReturned(Jdk jdk, boolean tls) {
    int requests = 200;
    int threads = 4;
    try (LocalHttpServer server = slowBodyServer(tls)) {
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name("urlconnection-slow-body-" + jdk + (tls ? "-tls" : ""));
      if (tls) {
        trustTestCertificates(jvm);
      }
      ChildJvmResult result = jvm.run(UrlConnectionApp.class.getName(), "base=" + server.url(""),
          "mode=half-read", "path=/slow/30", "requests=" + requests, "threads=" + threads).assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(UrlConnectionApp.expectedHalfReadDigest(requests, SLOW_BODY), result.result("digest"));
      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= 2 * threads, connections + " connections for " + requests + " requests");
    }
  }

  /** The rest of each body comes 400 ms late: the application still reads every byte, in order. */
  @Test
  void aSmallBodyArrivingLateIsServedWholeThoughItsConnectionStaysPinned() {
    int requests = 16;
    try (LocalHttpServer server = slowBodyServer(false)) {
      ChildJvmResult result = ChildJvm.on(Jdks.available().get(Jdks.available().size() - 1)).withAgent()
          .name("urlconnection-late-body")
          .run(UrlConnectionApp.class.getName(), "base=" + server.url(""), "mode=half-read", "path=/slow/400",
              "requests=" + requests, "threads=4")
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(UrlConnectionApp.expectedHalfReadDigest(requests, SLOW_BODY), result.result("digest"));
      assertAgentHealthy(result);
    }
  }

  private static final byte[] SLOW_BODY = slowBody();
  private static final int FIRST_PART = 1000;

  private static byte[] slowBody() {
    byte[] body = new byte[2000];
    for (int i = 0; i < body.length; i++) {
      body[i] = DeterministicBytes.byteAt(i * 7L);
    }
    return body;
  }

  private static LocalHttpServer slowBodyServer(boolean tls) {
    LocalHttpServer.Builder builder = LocalHttpServer.builder().route("GET", "/slow/*", request -> {
      long pause = Long.parseLong(request.path().substring(request.path().lastIndexOf('/') + 1));
      return ServerResponse.streamed(200, "application/octet-stream", SLOW_BODY.length, out -> {
        out.write(SLOW_BODY, 0, FIRST_PART);
        out.flush();
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write(SLOW_BODY, FIRST_PART, SLOW_BODY.length - FIRST_PART);
      });
    });
    if (tls) {
      builder.tls(TestPaths.certificates().serverContext(TestCertificates.Authority.MAIN));
    }
    return builder.start();
  }

  @Test
  void unreadLargeBodiesAreReportedAsLeaksWithWhereTheyWereOpened() {
    Jdk jdk = Jdks.available().get(Jdks.available().size() - 1);
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name("urlconnection-leaks")
          .systemProperty("httppool.leak-detection-threshold", "300ms");
      Path metrics = PrometheusScrape.exportTo(jvm, "urlconnection-leaks");

      ChildJvmResult result = jvm.run(UrlConnectionLeakApp.class.getName(),
          "url=" + server.url("/bytes/1048576"), "requests=2", "hold-ms=2500").assertSuccess();

      assertEquals("200", result.result("status1"));
      assertAgentHealthy(result);
      assertEquals(2, server.metrics().connectionsAccepted(), "a large unread body pins its connection");
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertEquals(2, scrape.sum("httppool_connection_leaks_total", "httppool_client", "urlconnection"),
          scrape.text());
      assertTrue(result.stderr().contains(UrlConnectionLeakApp.class.getName() + ".main"), result.outputTails());
    }
  }

  @Test
  void idleCapAndIdleTimeoutComeFromTheAgentConfiguration() {
    Jdk jdk = Jdks.available().get(Jdks.available().size() - 1);
    try (LocalHttpServer server = server(false)) {
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name("urlconnection-idle")
          .systemProperty("httppool.max-idle-per-host", "2")
          .systemProperty("httppool.idle-timeout", "1s");
      Path metrics = PrometheusScrape.exportTo(jvm, "urlconnection-idle");

      ChildJvmResult result = jvm.run(UrlConnectionApp.class.getName(), "base=" + server.url(""),
          "mode=status-only", "requests=400", "threads=" + THREADS, "linger-ms=7500").assertSuccess();

      assertEquals(UrlConnectionApp.expectedStatusOnlyDigest(400), result.result("digest"));
      assertAgentHealthy(result);
      PrometheusScrape scrape = PrometheusScrape.read(metrics);
      assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "limit") >= 1, scrape.text());
      assertTrue(scrape.sum("httppool_connection_evictions_total", "httppool_reason", "idle") >= 1, scrape.text());
      assertEquals(0, scrape.sum("http_client_open_connections", "httppool_client", "urlconnection"), scrape.text());
      assertEquals(0, server.metrics().openConnections(), "idle connections were closed");
    }
  }

  private static String expectedSha256(long count) throws NoSuchAlgorithmException, IOException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      DeterministicBytes.write(out, count);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
