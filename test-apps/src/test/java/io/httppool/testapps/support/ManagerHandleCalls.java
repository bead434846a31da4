package io.httppool.testapps.support;

import static io.httppool.testapps.support.AgentAssertions.assertAgentHealthy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.testapps.server.LocalHttpServer;
import io.httppool.testapps.server.ServerResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an app that makes every call an application makes on its own Apache connection manager (4.x or 5.x) and
 * returns what each call showed, for a run without and one with the agent to compare. The app gets {@code url}, a
 * plain server, and {@code limit-url}, a server that counts the requests in flight at once: the client the app
 * limits with {@code setMaxTotal(1)} must never have more than one.
 */
public final class ManagerHandleCalls {
  private ManagerHandleCalls() {}

  /** The app's {@code RESULT} lines, without the agent's own. */
  public static Map<String, String> run(String appClass, String libraries, String name, boolean agent) {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    try (LocalHttpServer server = LocalHttpServer.start();
        LocalHttpServer limited = LocalHttpServer.builder().route("GET", "/limited", request -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            Thread.sleep(20);
            return ServerResponse.text(200, "ok");
          } finally {
            inFlight.decrementAndGet();
          }
        }).start()) {
      ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).libraries(libraries).name(name + (agent ? "-agent" : ""));
      if (agent) {
        jvm.withAgent();
      }
      ChildJvmResult result = jvm.run(appClass, "url=" + server.url(""), "limit-url=" + limited.url("/limited"))
          .assertSuccess();

      assertEquals("0", result.result("failures"), result.outputTails());
      assertEquals(1, mostInFlight.get(), "requests in flight at once through a client whose manager has "
          + "setMaxTotal(1), from 4 threads");
      if (agent) {
        assertAgentHealthy(result);
      }
      Map<String, String> calls = new TreeMap<>(result.results());
      calls.keySet().removeIf(key -> key.startsWith("agent.") || key.equals("finishedAtEpochMillis"));
      return calls;
    }
  }
}
