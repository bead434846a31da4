package io.httppool.testapps.urlconnection;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static io.httppool.testapps.support.TestServers.builder;
import static io.httppool.testapps.support.TestServers.trustTestCertificates;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.UrlConnectionFamily;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.PrometheusScrape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A per-request app ({@code disconnect()} after every call) at 64 threads, in bursts that have every thread in
 * flight at once and then leave every connection idle together: with the agent's default settings it needs no
 * more connections than it has requests in flight, however often its concurrency drops to zero and comes back.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@UrlConnectionFamily
class UrlConnectionConcurrencyTest {
  private static final String APP = UrlConnectionBurstApp.class.getName();
  private static final int THREADS = 64;
  private static final int BURSTS = 6;
  /** Slow enough that the 64 requests of a burst overlap on a loaded machine. */
  private static final int DELAY_MILLIS = 300;

  @ParameterizedTest(name = "{0} tls={1}")
  @MethodSource("io.httppool.testapps.support.Jdks#everyJdkAndTransport")
  void sixtyFourThreadsOpenNoMoreConnectionsThanRequestsInFlight(Jdk jdk, boolean tls) {
    try (LocalHttpServer server = server(tls)) {
      String name = "urlconnection-bursts-" + jdk + (tls ? "-tls" : "");
      ChildJvm jvm = ChildJvm.on(jdk).withAgent().name(name);
      if (tls) {
        trustTestCertificates(jvm);
      }
      Path metrics = PrometheusScrape.exportTo(jvm, name);

      ChildJvmResult result = run(jvm, server);

      assertAgentHealthy(result);
      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections <= THREADS, connections + " connections for " + THREADS + " threads in " + BURSTS
          + " bursts\n" + PrometheusScrape.read(metrics).text());
    }
  }

  /** The same bursts turn connections over without the agent: the JDK keeps 5 idle per host. */
  @Test
  void withoutTheAgentTheBurstsOpenMoreConnectionsThanThreads() {
    try (LocalHttpServer server = server(false)) {
      run(ChildJvm.on(Jdk.JDK_17).name("urlconnection-bursts-no-agent"), server);

      long connections = server.metrics().connectionsAccepted();
      assertTrue(connections > THREADS, connections + " connections");
    }
  }

  /**
   * The server names a keep-alive timeout longer than a burst can take on a loaded machine, so that no idle
   * connection times out between bursts (the JDK guesses 5 s without it).
   */
  private static LocalHttpServer server(boolean tls) {
    return builder(tls).idleTimeoutMillis(60_000).keepAliveHint().maxConnections(1024).start();
  }

  private static ChildJvmResult run(ChildJvm jvm, LocalHttpServer server) {
    ChildJvmResult result = jvm.run(APP, "base=" + server.url(""), "path=/delay/" + DELAY_MILLIS,
        "threads=" + THREADS, "bursts=" + BURSTS).assertSuccess();
    assertEquals("0", result.result("failures"), result.outputTails());
    byte[] body = ("delayed " + DELAY_MILLIS + " ms").getBytes(StandardCharsets.UTF_8);
    assertEquals(UrlConnectionApp.expectedBodiesDigest(THREADS * BURSTS, body), result.result("digest"),
        "bodies differ");
    return result;
  }
}
