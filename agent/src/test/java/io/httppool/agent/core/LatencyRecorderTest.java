package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void everyValueFallsInABucketWhoseBoundIsWithinAnEighthAboveIt() {
    for (long micros = 1; micros < 5_000_000_000L; micros = micros * 3 / 2 + 1) {
      long bound = LatencyRecorder.upperBoundMicros(LatencyRecorder.index(micros));
      assertTrue(bound >= micros, micros + " above its bucket bound " + bound);
      assertTrue(bound <= micros + Math.max(1, micros / 8), micros + " in a bucket too wide: " + bound);
    }
  }

  @Test
  void quantilesOfAUniformSpread() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int millis = 1; millis <= 100; millis++) {
      recorder.recordNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
    assertEquals(100, recorder.count());
    assertEquals(50, recorder.quantileMillis(0.50), 50 / 8.0);
    assertEquals(95, recorder.quantileMillis(0.95), 95 / 8.0);
    assertEquals(99, recorder.quantileMillis(0.99), 99 / 8.0);
  }

  @Test
  void nothingRecordedHasNoQuantile() {
    assertTrue(Double.isNaN(new LatencyRecorder().quantileMillis(0.5)));
  }
}
