package io.httppool.testapps.apppools;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.TestPaths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Two client identities against a server that requires client certificates, each with a connection manager of
 * its own built over its own SSL context (per request, or one per identity), requests interleaved from 8
 * threads, with the agent: the server must see every request with the certificate of the identity that sent it,
 * whatever the agent does with application-made managers. The Apache 4 and 5 classes below run it per family.
 */
abstract class AppOwnManagersMutualTlsTest {
  private static final int REQUESTS = 400;
  private static final int THREADS = 8;

  static List<Arguments> setsAndModes(JarSet... sets) {
    List<Arguments> runs = new ArrayList<>();
    for (JarSet set : sets) {
      for (String managers : List.of("per-request", "per-identity")) {
        runs.add(Arguments.of(set, managers));
      }
    }
    return runs;
  }

  static void assertEveryRequestArrivesWithItsOwnIdentity(Class<?> app, JarSet set, String managers) {
    try (IdentityAuditingServer server = new IdentityAuditingServer()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(set)
          .name("own-managers-mtls-" + set + "-" + managers)
          .systemProperty("otel.metrics.exporter", "none")
          .run(app.getName(), "url=" + server.url(), "requests=" + REQUESTS, "threads=" + THREADS,
              "managers=" + managers, "certificates=" + TestPaths.certificates().directory())
          .assertSuccess();
      System.out.printf("FIGURE own-managers-mtls %s managers %s: %d connections for %d requests%n", set, managers,
          server.connectionsAccepted(), REQUESTS);

      assertEquals("0", result.result("failures"), result.outputTails());
      server.assertEveryRequestArrivedWithItsOwnIdentity(REQUESTS);
      assertEquals("0", result.result("mismatches"), result.outputTails());
      assertAgentHealthy(result);
    }
  }
}
