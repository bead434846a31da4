package io.httppool.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.CountingRecorder;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolEventsFixture;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolReportTest {
  private final PoolState state = new PoolState();
  private final Destinations destinations = new Destinations(10);
  private final PoolRecorder recorder =
      new CountingRecorder(new PoolMetrics(OpenTelemetry.noop().getMeter("test"), state));
  private final Destination apache = destinations.get(Client.APACHE5, "https", "api.example.com", 443);
  private final Destination okhttp = destinations.get(Client.OKHTTP, "http", "127.0.0.1", 8080);
  private final List<String> log = new ArrayList<>();
  private long now = 1;
  private final PoolEvents events = PoolEventsFixture.events(destinations, state, recorder, () -> now, log::add);

  PoolReportTest() {
    state.register(observer -> {
      observer.destination(apache, 9, 1, 10, 2);
      observer.destination(okhttp, 1, 3, -1, -1);
    });
  }

  @Test
  void everyPoolWithStatusUtilizationAndOutcomes() {
    for (int i = 0; i < 99; i++) {
      recorder.connectionAcquired(okhttp, true);
      recorder.requestFinished(okhttp, "GET", 200, null, 2_000_000);
    }
    recorder.connectionAcquired(okhttp, false);
    recorder.failed(okhttp, ErrorType.CONNECTION_RESET);
    recorder.requestFinished(okhttp, "GET", 0, ErrorType.CONNECTION_RESET, 2_000_000);
    recorder.evicted(okhttp, "idle");
    recorder.waited(apache, 1_000_000);
    PoolEventsFixture.check(events);

    List<String> lines = PoolReport.render(destinations, state, "1.2.3", events);

    assertEquals("pool report, httppool-agent 1.2.3", lines.get(0));
    assertTrue(lines.get(1).matches("client +destination +status +opened +acquires +reuse +active +idle +max "
        + "+util +pending +requests +p50 ms +p95 ms +p99 ms +errors, evictions, leaks, bodies"), lines.get(1));
    String apacheLine = lines.get(2);
    assertTrue(apacheLine.matches("apache5 +https://api.example.com:443 +high_utilization,pool_exhausted +0 +0 +- "
        + "+9 +1 +10 +90% +2 +0 +- +- +-  event.high_utilization=1 event.pool_exhausted=1"), apacheLine);
    String okhttpLine = lines.get(3);
    assertTrue(okhttpLine.matches("okhttp +http://127.0.0.1:8080 +ok +1 +100 +99.0% +1 +3 +- +- +- +100 "
        + "+[0-9.]+ +[0-9.]+ +[0-9.]+  connection_reset=1 evicted.idle=1"), okhttpLine);
    assertEquals("agent health: 0 transformation errors, 0 internal errors".length(),
        lines.get(4).replaceAll("[0-9]+", "0").length());
    assertEquals(2, log.size(), log.toString());
  }

  @Test
  void withoutEventsTheStatusIsADash() {
    List<String> lines = PoolReport.render(destinations, state, "1.2.3");

    assertTrue(lines.get(2).matches("apache5 +https://api.example.com:443 +- .*"), lines.get(2));
  }
}
