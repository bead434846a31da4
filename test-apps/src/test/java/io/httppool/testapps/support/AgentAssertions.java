package io.httppool.testapps.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks every run with the agent makes: the agent transformed every class it tried, and never failed inside. */
public final class AgentAssertions {
  private AgentAssertions() {}

  public static void assertAgentHealthy(ChildJvmResult result) {
    assertEquals("0", result.result("agent.transformationErrors"),
        "transformation errors\n" + result.outputTails());
    assertEquals("0", result.result("agent.adviceErrors"), "internal agent errors\n" + result.outputTails());
  }
}
