package io.httppool.agent.config;

import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Gathers the settings from system properties, the environment and the config file, in that precedence. */
final class ConfigLoader {
  private ConfigLoader() {}

  static AgentConfig load(
      Map<String, String> systemProperties, Map<String, String> environment, Consumer<String> problems) {
    RawSettings raw = new RawSettings();
    PropertyKeyReader properties = new PropertyKeyReader(raw, problems);
    for (Map.Entry<String, String> property : sorted(systemProperties).entrySet()) {
      String key = property.getKey();
      if (key.startsWith(PropertyKeyReader.PREFIX)) {
        properties.read(key.substring(PropertyKeyReader.PREFIX.length()), new RawValue(key, property.getValue(), ""));
      }
    }
    EnvironmentKeyReader variables = new EnvironmentKeyReader(raw, problems);
    for (Map.Entry<String, String> variable : sorted(environment).entrySet()) {
      if (variable.getKey().startsWith(EnvironmentKeyReader.PREFIX)) {
        variables.read(variable.getKey(), variable.getValue());
      }
    }
    RawValue configFile = raw.get(Settings.CONFIG_FILE);
    if (configFile != null && !configFile.text().isEmpty()) {
      ConfigFile.readInto(configFile, properties, problems);
    }
    SettingsParser parser = new SettingsParser(problems);
    SettingValues global = parser.parseGlobal(raw);
    return new AgentConfig(global, parser.parseHostOverrides(raw, global), raw.telemetry());
  }

  static Map<String, String> systemProperties(Consumer<String> problems) {
    try {
      Properties properties = System.getProperties();
      Map<String, String> copy = new TreeMap<>();
      for (String name : properties.stringPropertyNames()) {
        copy.put(name, properties.getProperty(name));
      }
      return copy;
    } catch (SecurityException denied) {
      problems.accept("system properties cannot be read (" + denied.getMessage() + "); ignoring them");
      return Collections.emptyMap();
    }
  }

  static Map<String, String> environment(Consumer<String> problems) {
    try {
      return System.getenv();
    } catch (SecurityException denied) {
      problems.accept("environment variables cannot be read (" + denied.getMessage() + "); ignoring them");
      return Collections.emptyMap();
    }
  }

  // sorted so that problem lines come in a stable order
  private static SortedMap<String, String> sorted(Map<String, String> entries) {
    SortedMap<String, String> sorted = new TreeMap<>();
    if (entries != null) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        if (entry.getKey() != null) {
          sorted.put(entry.getKey(), entry.getValue());
        }
      }
    }
    return sorted;
  }
}
