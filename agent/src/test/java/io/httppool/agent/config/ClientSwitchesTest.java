package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.httppool.agent.core.Client;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client families the agent knows are listed twice: {@link Client} (the metrics' {@code httppool.client}) and
 * the {@code <client>.enabled} switches. config cannot read core's enum (core depends on config), so this test
 * keeps the two the same.
 */
class ClientSwitchesTest {
  @Test
  void everyClientFamilyHasItsSwitchAndNoSwitchIsForAnUnknownFamily() {
    List<String> families = new ArrayList<>();
    for (Client client : Client.values()) {
      families.add(client.id());
    }
    assertEquals(families, Settings.CLIENTS);
  }
}
