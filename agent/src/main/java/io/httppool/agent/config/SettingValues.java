package io.httppool.agent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parsed values of some settings, over a parent that supplies the others: the defaults for the global values,
 * the global values for a host, the host's values for one of its ports.
 */
final class SettingValues {
  private final SettingValues parent;
  private final Map<Setting<?>, Object> own = new LinkedHashMap<>();

  /** @param parent null for the defaults */
  SettingValues(SettingValues parent) {
    this.parent = parent;
  }

  <T> void put(Setting<T> setting, T value) {
    own.put(setting, value);
  }

  @SuppressWarnings("unchecked") // put() only stores a T under a Setting<T>
  <T> T get(Setting<T> setting) {
    if (own.containsKey(setting)) {
      return (T) own.get(setting);
    }
    return parent == null ? setting.defaultValue() : parent.get(setting);
  }

  /** Adds {@code key=value} for each of the given settings whose value is not its default. */
  void describeNonDefaults(List<Setting<?>> settings, List<String> out) {
    for (Setting<?> setting : settings) {
      if (!Objects.equals(get(setting), setting.defaultValue())) {
        out.add(describe("", setting));
      }
    }
  }

  /** Adds {@code <prefix>key=value} for each setting given here rather than inherited. */
  void describeOwn(String prefix, List<String> out) {
    for (Setting<?> setting : own.keySet()) {
      out.add(describe(prefix, setting));
    }
  }

  <T> String format(Setting<T> setting) {
    return setting.type().format(get(setting));
  }

  private String describe(String prefix, Setting<?> setting) {
    return prefix + setting.key() + "=" + format(setting);
  }
}
