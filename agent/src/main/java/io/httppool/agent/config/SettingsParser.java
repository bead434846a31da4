package io.httppool.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Turns the collected texts into values. A text that does not parse is reported, and the inherited value stays. */
final class SettingsParser {
  private final Consumer<String> problems;

  SettingsParser(Consumer<String> problems) {
    this.problems = problems;
  }

  SettingValues parseGlobal(RawSettings raw) {
    SettingValues values = new SettingValues(null);
    for (Setting<?> setting : Settings.ALL) {
      parse(setting, raw.get(setting), values);
    }
    return values;
  }

  /** Host-wide overrides inherit the global values; port-specific ones inherit their host's, if it has any. */
  Map<HostScope, SettingValues> parseHostOverrides(RawSettings raw, SettingValues global) {
    Map<HostScope, SettingValues> overrides = new LinkedHashMap<>();
    for (HostScope scope : raw.hostScopes()) {
      if (scope.isHostWide()) {
        overrides.put(scope, parseScope(raw, scope, global));
      }
    }
    for (HostScope scope : raw.hostScopes()) {
      if (!scope.isHostWide()) {
        SettingValues hostWide = overrides.get(scope.hostWide());
        overrides.put(scope, parseScope(raw, scope, hostWide == null ? global : hostWide));
      }
    }
    return overrides;
  }

  private SettingValues parseScope(RawSettings raw, HostScope scope, SettingValues parent) {
    SettingValues values = new SettingValues(parent);
    for (Setting<?> setting : Settings.PER_HOST) {
      parse(setting, raw.get(scope, setting), values);
    }
    return values;
  }

  private <T> void parse(Setting<T> setting, RawValue raw, SettingValues into) {
    if (raw == null) {
      return;
    }
    try {
      into.put(setting, setting.type().parse(raw.text()));
    } catch (IllegalArgumentException invalid) {
      problems.accept(ProblemLines.invalidValue(raw, invalid.getMessage(), into.format(setting)));
    }
  }
}
