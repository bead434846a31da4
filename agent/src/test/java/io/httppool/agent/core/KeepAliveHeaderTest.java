package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeepAliveHeaderTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "timeout=5, max=100 | 5000",
      "max=100, timeout=75 | 75000",
      "Timeout = 2 | 2000",
      "timeout=0 | 0",
      "timeout=-3 | 0",
      "timeout=soon | 0",
      "max=10 | 0",
      "'' | 0",
      "null | 0"})
  void readsTheTimeoutInSeconds(String header, long millis) {
    assertEquals(millis, KeepAliveHeader.timeoutMillis(header));
  }
}
