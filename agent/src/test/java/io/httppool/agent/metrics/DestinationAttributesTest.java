package io.httppool.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolState;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;

class DestinationAttributesTest {
  @Test
  void attributesCarryTheContractKeysAndNothingElse() {
    DestinationAttributes destination = new DestinationAttributes(
        new Destinations(10).get(Client.URLCONNECTION, "http", "127.0.0.1", 8080));
    assertEquals(4, destination.base().size());
    assertEquals("urlconnection", destination.base().get(AttributeKey.stringKey("httppool.client")));
    assertEquals(8080L, destination.base().get(AttributeKey.longKey("server.port")));
    assertEquals("true", destination.acquire(true).get(AttributeKey.stringKey("httppool.reused")));
    assertEquals("_OTHER",
        destination.request("BREW", 418, null).get(AttributeKey.stringKey("http.request.method")));
    assertEquals("500",
        destination.request("GET", 500, null).get(AttributeKey.stringKey("error.type")));
    assertEquals("read_timeout", destination.request("GET", 0, ErrorType.READ_TIMEOUT)
        .get(AttributeKey.stringKey("error.type")));
  }

  @Test
  void hostsBeyondTheCapAreNamedOther() {
    Destinations destinations = new Destinations(1);
    destinations.get(Client.OKHTTP, "http", "a.test", 80);
    DestinationAttributes folded = new DestinationAttributes(destinations.get(Client.OKHTTP, "http", "b.test", 80));
    assertEquals("_other", folded.base().get(AttributeKey.stringKey("server.address")));
  }

  @Test
  void eachDestinationsAttributesAreBuiltOnce() {
    PoolMetrics metrics = new PoolMetrics(OpenTelemetry.noop().getMeter("test"), new PoolState());
    Destinations destinations = new Destinations(10);
    assertSame(metrics.attributesOf(destinations.get(Client.OKHTTP, "http", "a.test", 80)),
        metrics.attributesOf(destinations.get(Client.OKHTTP, "http", "A.test", 80)));
  }
}
