package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.config.AgentConfig;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class StaleRetryTest {
  private final Destinations destinations = new Destinations(10);
  private final PoolRecorder recorder = new CountingRecorder(PoolRecorder.NONE);
  private final Destination destination = destinations.get(Client.APACHE4, "http", "127.0.0.1", 8080);
  private final IOException stale = new IOException("The target server failed to respond");
  private final SocketException reset = new SocketException("Connection reset");

  private StaleRetry retry(String retryStale) {
    return new StaleRetry(AgentConfig.load(Collections.singletonMap("httppool.retry-stale", retryStale),
        Collections.<String, String>emptyMap(), problem -> {}), recorder);
  }

  @Test
  void anIdempotentRequestThatMetAStaleConnectionIsRetriedOnce() {
    StaleRetry retry = retry("true");
    assertTrue(retry.shouldRetry(destination, "GET", false, true, reset));
    assertTrue(retry.shouldRetry(destination, "PUT", false, true, new java.io.EOFException()));
    assertEquals(2, destination.totals().retries().get("stale_connection").sum());

    StaleRetry.begin();
    try {
      assertFalse(retry.shouldRetry(destination, "GET", false, true, reset), "never a retry of the retry");
    } finally {
      StaleRetry.end();
    }
  }

  @Test
  void aPostIsRetriedOnlyWhenNoByteOfItWasSent() {
    StaleRetry retry = retry("true");
    assertFalse(retry.shouldRetry(destination, "POST", false, true, reset));
    assertFalse(retry.shouldRetry(destination, "PATCH", false, true, reset));
    assertTrue(retry.shouldRetry(destination, "POST", true, true, reset));
  }

  @Test
  void onlyFailuresOfAReusedConnectionThatTheServerClosedAreRetried() {
    StaleRetry retry = retry("true");
    assertFalse(retry.shouldRetry(destination, "GET", false, false, reset), "a new connection is not stale");
    assertFalse(retry.shouldRetry(destination, "GET", false, true, new SocketTimeoutException("Read timed out")));
    assertFalse(retry.shouldRetry(destination, "GET", false, true, stale), "a message alone proves nothing");
  }

  @Test
  void retryStaleFalseTurnsItOff() {
    assertFalse(retry("false").shouldRetry(destination, "GET", false, true, reset));
    assertFalse(retry("false").shouldRetryStale(destination, "POST", true));
  }

  @Test
  void aFailureItsFamilyReadAsStaleIsRetriedByTheSameRules() {
    StaleRetry retry = retry("true");
    assertFalse(retry.shouldRetryStale(destination, "POST", false), "a POST that may have been sent");
    assertTrue(retry.shouldRetryStale(destination, "POST", true));
    assertTrue(retry.shouldRetryStale(destination, "DELETE", false));
    assertEquals(2, destination.totals().retries().get("stale_connection").sum());
    StaleRetry.begin();
    try {
      assertFalse(retry.shouldRetryStale(destination, "GET", true), "never a retry of the retry");
    } finally {
      StaleRetry.end();
    }
  }
}
