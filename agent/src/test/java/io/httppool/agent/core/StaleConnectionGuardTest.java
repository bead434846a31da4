package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.config.AgentConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StaleConnectionGuardTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final Destinations destinations = new Destinations(10);
  private final PoolRecorder recorder = new CountingRecorder(PoolRecorder.NONE);
  private final Destination destination = destinations.get(Client.OKHTTP, "http", "127.0.0.1", 8080);

  private StaleConnectionGuard guard(String... settings) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      properties.put("httppool." + settings[i], settings[i + 1]);
    }
    return new StaleConnectionGuard(
        AgentConfig.load(properties, Collections.<String, String>emptyMap(), problem -> {}), recorder);
  }

  private ConnectionTracker.Tracked idleConnection(long openedNanos) {
    return new ConnectionTracker.Tracked(destination, null, openedNanos);
  }

  @Test
  void anIdleConnectionIsReusedUntilTheIdleTimeout() {
    StaleConnectionGuard guard = guard("idle-timeout", "30s", "validate-after-inactivity", "1h");
    ConnectionTracker.Tracked connection = idleConnection(0);
    assertTrue(guard.mayReuse(connection, 29 * SECOND));
    assertFalse(guard.mayReuse(connection, 31 * SECOND));
    assertEquals(1, destination.totals().evictions().get("idle").sum());
  }

  @Test
  void aKeepAliveHintLessAMarginBecomesTheLimit() {
    StaleConnectionGuard guard = guard("validate-after-inactivity", "1h");
    ConnectionTracker.Tracked connection = idleConnection(0);
    connection.keepAliveHintMillis(1000);
    assertTrue(guard.mayReuse(connection, SECOND * 7 / 10));
    assertFalse(guard.mayReuse(connection, SECOND * 8 / 10), "1 s hint less 250 ms");

    connection = idleConnection(0);
    connection.keepAliveHintMillis(75_000);
    assertTrue(guard.mayReuse(connection, 30 * SECOND - 1), "the idle timeout is still the ceiling");
  }

  @Test
  void aServerThatClosedAConnectionTeachesALowerLimit() {
    StaleConnectionGuard guard = guard("validate-after-inactivity", "1h");
    guard.closedByServerAfterIdle(destination, SECOND);
    assertTrue(guard.mayReuse(idleConnection(0), SECOND * 74 / 100));
    assertFalse(guard.mayReuse(idleConnection(0), SECOND * 76 / 100));

    guard.closedByServerAfterIdle(destination, 10 * SECOND);
    assertFalse(guard.mayReuse(idleConnection(0), SECOND * 76 / 100), "a limit is never raised again");
    guard.closedByServerAfterIdle(destination, 1);
    assertTrue(guard.mayReuse(idleConnection(0), StaleConnectionGuard.MIN_LEARNED_NANOS - 1), "floor");
  }

  @Test
  void connectionsOlderThanTheTtlAreRetired() {
    StaleConnectionGuard guard = guard("connection-ttl", "5m", "validate-after-inactivity", "1h");
    ConnectionTracker.Tracked old = idleConnection(-TimeUnit.MINUTES.toNanos(6));
    old.idleSince(0);
    assertFalse(guard.mayReuse(old, 1));
    assertEquals(1, destination.totals().evictions().get("expired").sum());
  }

  @Test
  void aConnectionTheServerClosedIsFoundByTheProbe() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      StaleConnectionGuard guard = guard("validate-after-inactivity", "0");
      ConnectionTracker.Tracked connection = new ConnectionTracker.Tracked(destination, client, 0);
      assertTrue(guard.mayReuse(connection, 1), "open and quiet");
      accepted.close();
      assertFalse(guard.mayReuse(connection, 2), "closed by the server");
      assertEquals(1, destination.totals().evictions().get("stale").sum());
    }
  }

  @Test
  void aProbeThatFindsAConnectionClosedTeachesTheLimitToEveryFamily() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      StaleConnectionGuard guard = guard("validate-after-inactivity", "500ms");
      accepted.close();
      assertFalse(guard.mayReuse(new ConnectionTracker.Tracked(destination, client, 0), 2 * SECOND));

      Destination sameServerOtherFamily = destinations.get(Client.APACHE4, "http", "127.0.0.1", 8080);
      assertFalse(guard.mayReuse(sameServerOtherFamily, null, SECOND * 16 / 10, 0, 0), "3/4 of 2 s");
      assertEquals(1, sameServerOtherFamily.totals().evictions().get("idle").sum());
      assertTrue(guard.mayReuse(sameServerOtherFamily, null, SECOND * 14 / 10, 0, 0));
      Destination otherServer = destinations.get(Client.APACHE4, "http", "127.0.0.1", 8081);
      assertTrue(guard.mayReuse(otherServer, null, SECOND * 16 / 10, 0, 0), "learned per server");
    }
  }

  @Test
  void aRequestNoOneRetriesHasEveryIdleConnectionProbedAndTeachesNoLimit() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      StaleConnectionGuard guard = guard("validate-after-inactivity", "1h");
      ConnectionTracker.Tracked connection = new ConnectionTracker.Tracked(destination, client, 0);
      Boolean outer = StaleConnectionGuard.beginUnretriableRequest();
      try {
        assertTrue(guard.mayReuse(connection, 1), "open and quiet");
        accepted.close();
        assertFalse(guard.mayReuse(connection, 2), "closed right after its last response");
      } finally {
        StaleConnectionGuard.endUnretriableRequest(outer);
      }
      assertEquals(1, destination.totals().evictions().get("stale").sum());
      assertTrue(guard.mayReuse(destination, null, 30 * SECOND - 1, 0, 0), "no idle timeout learned");
      assertTrue(guard.mayReuse(connection, 3), "a request the library retries is left to its retry");
    }
  }

  @Test
  void onlyIdempotentRequestsWithARepeatableBodyAreRetried() {
    assertFalse(StaleConnectionGuard.unretriable("GET", true));
    assertFalse(StaleConnectionGuard.unretriable("PUT", true));
    assertTrue(StaleConnectionGuard.unretriable("PUT", false));
    assertTrue(StaleConnectionGuard.unretriable("POST", true));
    assertTrue(StaleConnectionGuard.unretriable("PATCH", true));
  }

  @Test
  void duringTheAgentsRetryNoIdleConnectionIsReused() {
    StaleConnectionGuard guard = guard("validate-after-inactivity", "1h");
    StaleRetry.begin();
    try {
      assertFalse(guard.mayReuse(idleConnection(0), 1));
    } finally {
      StaleRetry.end();
    }
    assertTrue(guard.mayReuse(idleConnection(0), 1));
  }

  @Test
  void aLearnedLimitIsForgottenAfterTenMinutes() {
    long[] now = {0};
    StaleConnectionGuard guard = new StaleConnectionGuard(AgentConfig.load(
        Collections.singletonMap("httppool.validate-after-inactivity", "1h"), Collections.<String, String>emptyMap(),
        problem -> {}), recorder, () -> now[0]);
    guard.closedByServerAfterIdle(destination, SECOND / 10);
    assertFalse(guard.mayReuse(destination, null, SECOND, 0, 0), "a dropped request taught the 200 ms floor");

    now[0] = StaleConnectionGuard.LEARNED_MEMORY_NANOS + 1;
    assertTrue(guard.mayReuse(destination, null, SECOND, 0, 0), "forgotten: the idle timeout rules again");
    guard.closedByServerAfterIdle(destination, 2 * SECOND);
    assertFalse(guard.mayReuse(destination, null, SECOND * 16 / 10, 0, 0), "and a new lesson is taken");
  }
}
