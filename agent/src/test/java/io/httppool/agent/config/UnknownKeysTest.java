package io.httppool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {

  @Test
  void unknownKeySuggestsTheClosestKnownOne() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.max-conections", "10");

    AgentConfig config = fixture.load();

    assertEquals(
        Collections.singletonList("unknown setting httppool.max-conections ignored; did you mean max-connections?"),
        fixture.problems);
    assertEquals(256, config.maxConnections());
  }

  @Test
  void swappedLettersAreOneEdit() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.idle-timoeut", "1s");

    fixture.load();

    assertEquals(
        "unknown setting httppool.idle-timoeut ignored; did you mean idle-timeout?", fixture.problems.get(0));
  }

  @Test
  void farOffKeyHasNoSuggestion() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.pool.size", "10");

    fixture.load();

    assertEquals(Collections.singletonList("unknown setting httppool.pool.size ignored"), fixture.problems);
  }

  @Test
  void unknownEnvironmentVariableSuggestsItsVariableName() {
    ConfigFixture fixture = new ConfigFixture().env("HTTPPOOL_MAX_CONECTIONS", "10");

    fixture.load();

    assertEquals(
        Collections.singletonList(
            "unknown setting HTTPPOOL_MAX_CONECTIONS ignored; did you mean HTTPPOOL_MAX_CONNECTIONS?"),
        fixture.problems);
  }

  @Test
  void mistypedPerHostKeySuggestsTheWholeKey() {
    ConfigFixture fixture = new ConfigFixture().property("httppool.host.api.example.com.idle-timout", "1s");

    fixture.load();

    assertEquals(
        Collections.singletonList(
            "unknown setting httppool.host.api.example.com.idle-timout ignored;"
                + " did you mean host.api.example.com.idle-timeout?"),
        fixture.problems);
  }

  @Test
  void testHarnessPropertiesAreNotSettings() {
    ConfigFixture fixture =
        new ConfigFixture()
            .property("httppool.agent.jar", "/a.jar")
            .property("httppool.apps.classes", "/classes")
            .property("httppool.libs.dir", "/libs")
            .property("httppool.work.dir", "/work")
            .property("httppool.test.server.port", "8080")
            .env("HTTPPOOL_TEST_ANYTHING", "x")
            .env("HTTPPOOL_WORK_DIR", "/work");

    fixture.load();

    assertEquals(Collections.emptyList(), fixture.problems);
  }

  @Test
  void eachUnknownKeyIsOneLineInStableOrder() {
    ConfigFixture fixture =
        new ConfigFixture().property("httppool.zzz", "1").property("httppool.aaa", "1").env("HTTPPOOL_FOO", "1");

    fixture.load();

    assertEquals(
        Arrays.asList(
            "unknown setting httppool.aaa ignored",
            "unknown setting httppool.zzz ignored",
            "unknown setting HTTPPOOL_FOO ignored"),
        fixture.problems);
  }
}
