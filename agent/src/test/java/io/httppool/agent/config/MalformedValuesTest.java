package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fail-open: every malformed value gives exactly one problem line, and the default stays in effect. */
class MalformedValuesTest {

  static Stream<Arguments> malformedValues() {
    return Stream.of(
        row("httppool.enabled", "yes", AgentConfig::enabled),
        row("httppool.enabled", "1", AgentConfig::enabled),
        row("httppool.okhttp.enabled", "no", c -> c.clientEnabled("okhttp")),
        row("httppool.apache4.enabled", "TRUEE", c -> c.clientEnabled("apache4")),
        row("httppool.jdkhttp.enabled", "off", c -> c.clientEnabled("jdkhttp")),
        row("httppool.max-connections", "abc", AgentConfig::maxConnections),
        row("httppool.max-connections", "0", AgentConfig::maxConnections),
        row("httppool.max-connections", "-5", AgentConfig::maxConnections),
        row("httppool.max-connections", "99999999999", AgentConfig::maxConnections),
        row("httppool.max-connections", "1.5", AgentConfig::maxConnections),
        row("httppool.max-connections", "1_000", AgentConfig::maxConnections),
        row("httppool.max-connections-per-host", "0", c -> global(c).maxConnectionsPerHost()),
        row("httppool.max-connections-per-host", "ten", c -> global(c).maxConnectionsPerHost()),
        row("httppool.max-idle-per-host", "-1", c -> global(c).maxIdlePerHost()),
        row("httppool.idle-timeout", "abc", c -> global(c).idleTimeoutMillis()),
        row("httppool.idle-timeout", "-5s", c -> global(c).idleTimeoutMillis()),
        row("httppool.idle-timeout", "30x", c -> global(c).idleTimeoutMillis()),
        row("httppool.idle-timeout", "99999999999999999999", c -> global(c).idleTimeoutMillis()),
        row("httppool.idle-timeout", "9223372036854775807h", c -> global(c).idleTimeoutMillis()),
        row("httppool.idle-timeout", "1.5s", c -> global(c).idleTimeoutMillis()),
        row("httppool.idle-timeout", "", c -> global(c).idleTimeoutMillis()),
        row("httppool.connection-ttl", "forever", c -> global(c).connectionTtlMillis()),
        row("httppool.acquire-timeout", "0", c -> global(c).acquireTimeoutMillis()),
        row("httppool.acquire-timeout", "   ", c -> global(c).acquireTimeoutMillis()),
        row("httppool.validate-after-inactivity", "2 s", c -> global(c).validateAfterInactivityMillis()),
        row("httppool.scheduling", "random", AgentConfig::scheduling),
        row("httppool.retry-stale", "maybe", AgentConfig::retryStale),
        row("httppool.leak-detection-threshold", "-1", AgentConfig::leakDetectionThresholdMillis),
        row("httppool.log.level", "verbose", AgentConfig::logLevel),
        row("httppool.report-on-exit", "on", AgentConfig::reportOnExit),
        row("httppool.metrics.max-hosts", "0", AgentConfig::metricsMaxHosts),
        row("httppool.metrics.max-hosts", "many", AgentConfig::metricsMaxHosts),
        row("HTTPPOOL_MAX_CONNECTIONS", "lots", AgentConfig::maxConnections),
        row("HTTPPOOL_IDLE_TIMEOUT", "5 minutes", c -> global(c).idleTimeoutMillis()),
        row("HTTPPOOL_RETRY_STALE", "yes", AgentConfig::retryStale),
        row("httppool.host.api.example.com.idle-timeout", "abc", c -> api(c).idleTimeoutMillis()),
        row("httppool.host.api.example.com:8443.max-idle-per-host", "-3", c -> api(c).maxIdlePerHost()),
        row("HTTPPOOL_HOST_API_EXAMPLE_COM_ACQUIRE_TIMEOUT", "soon", c -> api(c).acquireTimeoutMillis()));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("malformedValues")
  void reportsOneLineAndKeepsTheDefault(String key, String value, Function<AgentConfig, Object> effective) {
    ConfigFixture fixture = new ConfigFixture();
    if (key.startsWith("HTTPPOOL_")) {
      fixture.env(key, value);
    } else {
      fixture.property(key, value);
    }

    AgentConfig config = fixture.load();

    assertEquals(1, fixture.problems.size(), () -> "problems: " + fixture.problems);
    String line = fixture.problems.get(0);
    assertTrue(line.contains(key + "=" + value.trim()), line);
    assertEquals(effective.apply(AgentConfig.defaults()), effective.apply(config));
  }

  @Test
  void lineNamesKeyValueAndDefaultUsed() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.idle-timeout", "abc");

    fixture.load();

    assertEquals(
        "httppool.idle-timeout=abc is not a duration (like 500ms, 30s, 5m); using 30s", fixture.problems.get(0));
  }

  @Test
  void badPortOverrideFallsBackToTheHostOverride() {
    ConfigFixture fixture =
        new ConfigFixture()
            .property("httppool.host.api.example.com.idle-timeout", "10s")
            .property("httppool.host.api.example.com:8443.idle-timeout", "later");

    AgentConfig config = fixture.load();

    assertEquals(
        "httppool.host.api.example.com:8443.idle-timeout=later is not a duration (like 500ms, 30s, 5m);"
            + " using 10s",
        fixture.problems.get(0));
    assertEquals(10_000, config.poolSettings("api.example.com", 8443).idleTimeoutMillis());
  }

  @Test
  void badValueInTheWinningSourceIsNotReplacedByALowerOne() {
    ConfigFixture fixture =
        new ConfigFixture().property("httppool.max-connections", "x").env("HTTPPOOL_MAX_CONNECTIONS", "10");

    AgentConfig config = fixture.load();

    assertEquals(256, config.maxConnections());
    assertEquals(1, fixture.problems.size());
  }

  @Test
  void nullValuesAndNullMapsDoNotThrow() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.max-connections", null);

    assertEquals(256, fixture.load().maxConnections());
    assertEquals(1, fixture.problems.size());
    assertEquals(256, AgentConfig.load(null, null, null).maxConnections());
  }

  private static Arguments row(String key, String value, Function<AgentConfig, Object> effective) {
    return Arguments.of(key, value, effective);
  }

  private static PoolSettings global(AgentConfig config) {
    return config.poolSettings("any.example.org", 80);
  }

  private static PoolSettings api(AgentConfig config) {
    return config.poolSettings("api.example.com", 8443);
  }
}
