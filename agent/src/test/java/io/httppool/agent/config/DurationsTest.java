package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "30s, 30000",
    "5m, 300000",
    "1h, 3600000",
    "0, 0",
    "250, 250",
    "0s, 0",
    "30S, 30000",
    "007s, 7000",
    "9223372036854ms, 9223372036854",
  })
  void parsesDurations(String text, long millis) {
    assertEquals(millis, Durations.parseMillis(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " ", "-1", "-5s", "abc", "s", "30x", "1.5s", "5 m", "+5s", "1d", "30sec", "9223372036854775808",
    "9223372036855ms", "153722867281m", "99999999999999999999h"
  })
  void rejectsWhatIsNotANonNegativeDuration(String text) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(text));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "500, 500ms",
    "1500, 1500ms",
    "30000, 30s",
    "90000, 90s",
    "300000, 5m",
    "3600000, 1h",
  })
  void formatsInTheLargestWholeUnit(long millis, String text) {
    assertEquals(text, Durations.format(millis));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 999, 1000, 61_000, 3_600_000, Durations.MAX_MILLIS})
  void formatReadsBack(long millis) {
    assertEquals(millis, Durations.parseMillis(Durations.format(millis)));
  }
}
