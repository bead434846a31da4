package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The event rules, driven by a fake clock one maintenance tick (a second) at a time. */
class PoolEventsTest {
  private final PoolState state = new PoolState();
  private final Destinations destinations = new Destinations(10);
  private final PoolRecorder recorder = new CountingRecorder(PoolRecorder.NONE);
  private final Destination apache = destinations.get(Client.APACHE5, "https", "api.example.com", 443);
  private final Destination okhttp = destinations.get(Client.OKHTTP, "http", "127.0.0.1", 8080);
  private final List<String> lines = new ArrayList<>();
  private long nowNanos = TimeUnit.HOURS.toNanos(5);
  private final PoolEvents events = new PoolEvents(destinations, state, recorder, 0.80, 30_000, 0.05, 60_000,
      () -> nowNanos, lines::add);

  private int active;
  private int max = 10;
  private int okhttpActive;

  PoolEventsTest() {
    state.register(observer -> {
      observer.destination(apache, active, 10 - Math.min(active, 10), max, 0);
      observer.destination(okhttp, okhttpActive, 0, -1, -1);
    });
  }

  @Test
  void highUtilizationOnlyWhenSustainedForTheDuration() {
    active = 9;
    tick(30); // the first tick sees it high; 30 s later it has been high for 30 s
    assertEquals(0, events(apache, "high_utilization"));
    assertEquals("ok", events.status(apache));

    tick(1);

    assertEquals(1, events(apache, "high_utilization"));
    assertEquals("high_utilization", events.status(apache));
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).startsWith("event high_utilization: apache5 https://api.example.com:443 is highly "
        + "utilized: 9 of 10 connections active (90.0%) for 30s"), lines.get(0));
  }

  @Test
  void aDipBelowTheThresholdRestartsTheClock() {
    active = 9;
    tick(20);
    active = 8; // 80 % is not above 80 %
    tick(1);
    active = 10;
    tick(30);
    assertEquals(0, events(apache, "high_utilization"));
    tick(1);
    assertEquals(1, events(apache, "high_utilization"));
  }

  @Test
  void aLastingConditionIsOneEventAndOneLinePerMinute() {
    active = 10;
    tick(31 + 60 * 5);

    assertEquals(6, events(apache, "high_utilization"));
    assertEquals(6, lines.size());
  }

  @Test
  void poolsWithoutAMaximumNeverReportUtilization() {
    okhttpActive = 1000;
    tick(120);

    assertEquals(0, events(okhttp, "high_utilization"));
    assertTrue(lines.isEmpty(), lines.toString());
  }

  @Test
  void aRequestThatWaitedIsAPoolExhaustedEvent() {
    tick(5);
    recorder.waited(apache, TimeUnit.MILLISECONDS.toNanos(40));
    recorder.waited(apache, TimeUnit.MILLISECONDS.toNanos(60));
    tick(1);

    assertEquals(1, events(apache, "pool_exhausted"));
    assertEquals("pool_exhausted", events.status(apache));
    assertTrue(lines.get(0).contains("is exhausted: 2 requests waited"), lines.get(0));

    // more waits within the minute: no second line; after it, one line counting them all
    for (int second = 0; second < 59; second++) {
      recorder.waited(apache, 1_000_000);
      tick(1);
    }
    assertEquals(1, events(apache, "pool_exhausted"));
    recorder.waited(apache, 1_000_000);
    tick(1);
    assertEquals(2, events(apache, "pool_exhausted"));
    assertTrue(lines.get(1).contains("is exhausted: 60 requests waited"), lines.get(1));

    tick(61);
    assertEquals("ok", events.status(apache));
  }

  @Test
  void errorRateAboveTheThresholdInTheWindow() {
    tick(1);
    requests(okhttp, 94, 6);
    tick(1);

    assertEquals(1, events(okhttp, "high_error_rate"));
    assertTrue(lines.get(0).contains("has a high error rate: 6 of 100 requests failed (6.0%)"), lines.get(0));
  }

  @Test
  void errorRateAtTheThresholdIsNoEvent() {
    tick(1);
    requests(okhttp, 95, 5);
    tick(1);

    assertEquals(0, events(okhttp, "high_error_rate"));
  }

  @Test
  void fewRequestsSayNothingAboutTheErrorRate() {
    tick(1);
    requests(okhttp, 0, PoolEvents.MIN_REQUESTS_IN_WINDOW - 1);
    tick(1);

    assertEquals(0, events(okhttp, "high_error_rate"));
  }

  @Test
  void oldFailuresLeaveTheSlidingWindow() {
    tick(1);
    requests(okhttp, 90, 10);
    tick(1);
    assertEquals(1, events(okhttp, "high_error_rate"));
    for (int second = 0; second < 90; second++) {
      requests(okhttp, 10, 0);
      tick(1);
    }

    assertEquals(1, events(okhttp, "high_error_rate"));
    assertEquals("ok", events.status(okhttp));
  }

  @Test
  void failuresSpreadOverTheWindowAddUp() {
    tick(1);
    for (int second = 0; second < 50; second++) {
      requests(okhttp, 9, second % 5 == 4 ? 1 : 0);
      tick(1);
      assertEquals(0, events(okhttp, "high_error_rate"), "second " + second);
    }
    requests(okhttp, 0, 20);
    tick(1);

    assertEquals(1, events(okhttp, "high_error_rate"));
  }

  private void requests(Destination destination, int succeeded, int failed) {
    for (int i = 0; i < succeeded; i++) {
      recorder.requestFinished(destination, "GET", 200, null, 1_000_000);
    }
    for (int i = 0; i < failed; i++) {
      recorder.failed(destination, ErrorType.CONNECTION_RESET);
      recorder.requestFinished(destination, "GET", 0, ErrorType.CONNECTION_RESET, 1_000_000);
    }
  }

  private void tick(int seconds) {
    for (int i = 0; i < seconds; i++) {
      nowNanos += TimeUnit.SECONDS.toNanos(1);
      events.check();
    }
  }

  private static long events(Destination destination, String kind) {
    LongAdder count = destination.totals().events().get(kind);
    return count == null ? 0 : count.sum();
  }
}
