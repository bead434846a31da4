package io.httppool.agent.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** System properties and environment for one load, and the problem lines it reported. */
final class ConfigFixture {
  final Map<String, String> properties = new HashMap<>();
  final Map<String, String> environment = new HashMap<>();
  final List<String> problems = new ArrayList<>();

  ConfigFixture property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  ConfigFixture env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  AgentConfig load() {
    return AgentConfig.load(properties, environment, problems::add);
  }
}
