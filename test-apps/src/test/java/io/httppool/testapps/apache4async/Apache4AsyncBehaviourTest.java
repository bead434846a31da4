package io.httppool.testapps.apache4async;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.ChildJvmResult;
import io.httppool.testapps.support.Jdk;
import io.httppool.testapps.support.TestPaths;
import io.httppool.testapps.tls.TestCertificates;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential: each client's own settings (headers, user agent, interceptor, redirects, socket timeout, cookie
 * store) and lifecycle (close, never started) read the same without and with the agent, although with it every
 * one of these clients runs on the one shared manager and reactor. One client's {@code close()} never fails
 * another's request in flight.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4AsyncBehaviourTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.httppool.testapps.families.JarSet#apache4async")
  void eachClientKeepsItsOwnSettingsAndLifecycleWithTheAgent(String async) {
    Map<String, String> withoutAgent = null;
    for (boolean agent : new boolean[] {false, true}) {
      try (LocalHttpServer server = server()) {
        ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(async)
            .name("apache4async-behaviour-" + async + (agent ? "-agent" : "-no-agent"));
        if (agent) {
          jvm.withAgent();
        }
        ChildJvmResult result = jvm.run(Apache4AsyncBehaviourApp.class.getName(), "base=" + server.url(""))
            .assertSuccess();
        Map<String, String> answers = new TreeMap<>(result.results());
        answers.keySet().removeIf(key -> key.startsWith("agent.") || key.equals("finishedAtEpochMillis"));
        if (agent) {
          assertAgentHealthy(result);
          assertEquals(withoutAgent, answers, "what the clients saw, without and with the agent");
          assertTrue(server.metrics().connectionsAccepted() <= 4,
              server.metrics().connectionsAccepted() + " connections for clients sharing one manager");
        } else {
          withoutAgent = answers;
          assertEquals("status 200 a|ua-a", answers.get("headers-a"), answers.toString());
          assertEquals("status 200 delayed 800 ms", answers.get("bystander-in-flight"), answers.toString());
          assertEquals("status 302 ", answers.get("redirect-off"), answers.toString());
          assertEquals("java.net.SocketTimeoutException", answers.get("socket-timeout"), answers.toString());
          assertEquals("status 200 c=1", answers.get("cookie-own-store"), answers.toString());
        }
      }
    }
  }

  /**
   * Two client certificates, each in its own SSLContext, a client built per request with one of them: the server
   * sees every request with the certificate it was built with (the SSLContext is part of a shared manager's key).
   */
  @Test
  void clientsWithDifferentSslContextsNeverShareAConnection() {
    TestCertificates certificates = TestPaths.certificates();
    try (LocalHttpServer server = LocalHttpServer.builder()
        .tls(certificates.serverContext(TestCertificates.Authority.MAIN)).needClientAuth(true).start()) {
      ChildJvmResult result = ChildJvm.on(Jdk.JDK_17).withAgent().libraries(JarSet.APACHE4ASYNC415)
          .name("apache4async-mtls")
          .run(Apache4AsyncMutualTlsApp.class.getName(), "url=" + server.url("/whoami"), "requests=400",
              "threads=8", "certificates=" + certificates.directory())
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals("0", result.result("mismatches"));
      assertAgentHealthy(result);
    }
  }

  private static LocalHttpServer server() {
    return LocalHttpServer.builder()
        .route("GET", "/hdr", request -> ServerResponse.text(200, request.header("X-Client").orElse("-") + "|"
            + request.header("User-Agent").map(agent -> agent.startsWith("ua-") ? agent : "library").orElse("-")))
        .route("GET", "/redirect", request -> ServerResponse.text(302, "").withHeader("Location", "/hdr"))
        .route("GET", "/set-cookie", request -> ServerResponse.text(200, "set").withHeader("Set-Cookie", "c=1"))
        .route("GET", "/cookie", request -> ServerResponse.text(200, request.header("Cookie").orElse("none")))
        .start();
  }
}
