package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostOverridesTest {
  @TempDir Path dir;

  @Test
  void portBeatsHostBeatsGlobal() {
    ConfigFixture fixture =
        new ConfigFixture()
            .property("httppool.idle-timeout", "20s")
            .property("httppool.max-idle-per-host", "8")
            .property("httppool.host.api.example.com.idle-timeout", "10s")
            .property("httppool.host.api.example.com.max-connections-per-host", "4")
            .property("httppool.host.api.example.com:8443.idle-timeout", "5s");

    AgentConfig config = fixture.load();

    assertEquals(new PoolSettings(4, 8, 5_000, 0, 30_000, 500), config.poolSettings("api.example.com", 8443));
    assertEquals(new PoolSettings(4, 8, 10_000, 0, 30_000, 500), config.poolSettings("api.example.com", 443));
    assertEquals(new PoolSettings(64, 8, 20_000, 0, 30_000, 500), config.poolSettings("example.com", 8443));
    assertEquals(Arrays.asList(), fixture.problems);
  }

  @Test
  void portOverrideWithoutHostOverrideInheritsGlobal() {
    AgentConfig config =
        new ConfigFixture()
            .property("httppool.connection-ttl", "1h")
            .property("httppool.host.db.internal:9200.acquire-timeout", "500ms")
            .load();

    assertEquals(new PoolSettings(64, 32, 30_000, 3_600_000, 500, 500), config.poolSettings("db.internal", 9200));
    assertEquals(3_600_000, config.poolSettings("db.internal", 9300).connectionTtlMillis());
    assertEquals(30_000, config.poolSettings("db.internal", 9300).acquireTimeoutMillis());
  }

  @Test
  void hostsMatchWhateverTheirCase() {
    AgentConfig config = new ConfigFixture().property("httppool.host.API.Example.COM.idle-timeout", "1s").load();

    assertEquals(1_000, config.poolSettings("api.EXAMPLE.com", 443).idleTimeoutMillis());
  }

  @Test
  void environmentOverridesAHost() {
    AgentConfig config =
        new ConfigFixture()
            .env("HTTPPOOL_HOST_API_EXAMPLE_COM_MAX_CONNECTIONS_PER_HOST", "3")
            .env("HTTPPOOL_HOST_API_EXAMPLE_COM_VALIDATE_AFTER_INACTIVITY", "0")
            .load();

    assertEquals(3, config.poolSettings("api.example.com", 443).maxConnectionsPerHost());
    assertEquals(0, config.poolSettings("api.example.com", 443).validateAfterInactivityMillis());
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFileForAHost() throws IOException {
    Path file =
        Files.write(
            dir.resolve("hosts.properties"),
            Arrays.asList("host.api.example.com.idle-timeout=3s", "httppool.host.api.example.com.connection-ttl=3s"));
    AgentConfig config =
        new ConfigFixture()
            .property("httppool.config.file", file.toString())
            .property("httppool.host.api.example.com.idle-timeout", "1s")
            .env("HTTPPOOL_HOST_API_EXAMPLE_COM_IDLE_TIMEOUT", "2s")
            .env("HTTPPOOL_HOST_API_EXAMPLE_COM_CONNECTION_TTL", "2s")
            .load();

    assertEquals(1_000, config.poolSettings("api.example.com", 443).idleTimeoutMillis());
    assertEquals(2_000, config.poolSettings("api.example.com", 443).connectionTtlMillis());
  }

  @Test
  void ipv6HostsMatchWithOrWithoutBrackets() {
    AgentConfig config = new ConfigFixture().property("httppool.host.[::1]:8080.idle-timeout", "1s").load();

    assertEquals(1_000, config.poolSettings("[::1]", 8080).idleTimeoutMillis());
    assertEquals(1_000, config.poolSettings("::1", 8080).idleTimeoutMillis());
    assertEquals(30_000, config.poolSettings("::1", 8081).idleTimeoutMillis());
  }

  @Test
  void settingsAreResolvedOnceAndShared() {
    AgentConfig config = new ConfigFixture().property("httppool.host.a.example.max-idle-per-host", "0").load();

    assertSame(config.poolSettings("a.example", 80), config.poolSettings("A.EXAMPLE", 443));
    assertSame(config.poolSettings("b.example", 80), config.poolSettings("c.example", 443));
    assertEquals(0, config.poolSettings("a.example", 80).maxIdlePerHost());
  }

  @Test
  void invalidPortOrMissingHostIsOneLine() {
    ConfigFixture fixture =
        new ConfigFixture()
            .property("httppool.host.a.example:99999.idle-timeout", "1s")
            .property("httppool.host.idle-timeout", "1s")
            .env("HTTPPOOL_HOST_IDLE_TIMEOUT", "1s");

    AgentConfig config = fixture.load();

    assertEquals(
        Arrays.asList(
            "httppool.host.a.example:99999.idle-timeout=1s ignored: port 99999 is not a number from 1 to 65535",
            "httppool.host.idle-timeout=1s ignored: no host given",
            "HTTPPOOL_HOST_IDLE_TIMEOUT=1s ignored: no host given"),
        fixture.problems);
    assertEquals(30_000, config.poolSettings("a.example", 99999).idleTimeoutMillis());
  }

  @Test
  void globalOnlySettingCannotBeSetPerHost() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.host.a.example.max-connections", "5");

    fixture.load();

    assertEquals(1, fixture.problems.size());
    String line = fixture.problems.get(0);
    assertTrue(
        line.startsWith("unknown setting httppool.host.a.example.max-connections ignored;"
            + " per host only max-connections-per-host,"),
        line);
  }

  @Test
  void poolSettingsPrintsDurations() {
    assertEquals(
        "PoolSettings{maxConnectionsPerHost=64, maxIdlePerHost=32, idleTimeout=30s, connectionTtl=0,"
            + " acquireTimeout=30s, validateAfterInactivity=500ms}",
        AgentConfig.defaults().poolSettings("a", 1).toString());
  }
}
