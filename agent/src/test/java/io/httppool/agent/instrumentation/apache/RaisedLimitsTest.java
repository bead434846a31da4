package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shared pool's limits as handles raise them and the agent's per-host settings set them. */
class RaisedLimitsTest {
  private final FakePool pool = new FakePool(10, 4);
  private final RaisedLimits<String> limits = new RaisedLimits<>(max -> pool.maxTotal = max, pool::maxPerRoute,
      pool::setMaxPerRoute, 10);

  @Test
  void aHandleRaisesTheLimitsItNeedsAndNeverLowersThem() {
    limits.allowAtLeast("a", 6, 20);
    assertEquals(20, pool.maxTotal);
    assertEquals(6, pool.maxPerRoute("a"));
    assertEquals(4, pool.maxPerRoute("b"));

    limits.allowAtLeast("a", 2, 5);
    assertEquals(20, pool.maxTotal);
    assertEquals(6, pool.maxPerRoute("a"));
    assertEquals(6, limits.knownMaxPerRoute("a"));
    assertEquals(PoolLimitFields.UNKNOWN, limits.knownMaxPerRoute("b"));
  }

  @Test
  void aPerHostSettingAppliesButNeverBelowWhatAHandleAskedFor() {
    limits.allowAtLeast("low", 2, 10);
    limits.configure("low", 3);
    assertEquals(3, pool.maxPerRoute("low"), "the handle asked for less than the setting");

    limits.allowAtLeast("high", 8, 10);
    limits.configure("high", 3);
    assertEquals(8, pool.maxPerRoute("high"), "the handle asked for more than the setting");

    limits.configure("fresh", 2);
    assertEquals(2, pool.maxPerRoute("fresh"));
    limits.allowAtLeast("fresh", 5, 10);
    assertEquals(5, pool.maxPerRoute("fresh"), "a handle that asks later raises it");
  }

  private static final class FakePool {
    int maxTotal;
    final int defaultMaxPerRoute;
    final Map<String, Integer> maxPerRoute = new HashMap<>();

    FakePool(int maxTotal, int defaultMaxPerRoute) {
      this.maxTotal = maxTotal;
      this.defaultMaxPerRoute = defaultMaxPerRoute;
    }

    int maxPerRoute(String route) {
      Integer max = maxPerRoute.get(route);
      return max == null ? defaultMaxPerRoute : max;
    }

    void setMaxPerRoute(String route, int max) {
      maxPerRoute.put(route, max);
    }
  }
}
