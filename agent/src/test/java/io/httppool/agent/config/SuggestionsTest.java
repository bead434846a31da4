package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
  private static final List<String> KEYS = Arrays.asList("idle-timeout", "max-connections", "enabled");

  @ParameterizedTest
  @CsvSource({
    "idle-timeout, idle-timeout, 0",
    "idle-timout, idle-timeout, 1",
    "idle-timoeut, idle-timeout, 1",
    "idle_timeout, idle-timeout, 1",
    "dile-timeotu, idle-timeout, 2",
    "enabled, enable, 1",
    "enabled, disabled, 3",
    "'', abc, 3",
  })
  void distanceCountsEdits(String a, String b, int distance) {
    assertEquals(distance, Suggestions.distance(a, b));
  }

  @Test
  void suggestsWithinTwoEditsOnly() {
    assertEquals("max-connections", Suggestions.closest("maxconections", KEYS));
    assertEquals("enabled", Suggestions.closest("enable", KEYS));
    assertNull(Suggestions.closest("connections", KEYS));
  }
}
