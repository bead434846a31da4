package io.httppool.agent.config;

import java.util.List;
import java.util.function.Consumer;

/**
 * Files the keys of system properties and of the config file under the setting they name: {@code <key>} or
 * {@code host.<host>.<key>} or {@code host.<host>:<port>.<key>}, all without the {@code httppool.} prefix. As a
 * host may contain dots, a per-host key is recognised by the setting it ends with. A key {@code otel.<rest>} is an
 * OpenTelemetry SDK setting for the agent's own SDK alone, kept as it is.
 */
final class PropertyKeyReader {
  static final String PREFIX = "httppool.";
  private static final String HOST_PREFIX = "host.";
  static final String TELEMETRY_PREFIX = "otel.";
  private static final List<String> GLOBAL_KEYS = Settings.keysOf(Settings.ALL);
  private static final List<String> PER_HOST_KEYS = Settings.keysOf(Settings.PER_HOST);

  private final RawSettings settings;
  private final Consumer<String> problems;

  PropertyKeyReader(RawSettings settings, Consumer<String> problems) {
    this.settings = settings;
    this.problems = problems;
  }

  /** @param key the key without the {@code httppool.} prefix */
  void read(String key, RawValue value) {
    if (HarnessKeys.isHarnessKey(key)) {
      return;
    }
    if (key.startsWith(TELEMETRY_PREFIX)) {
      settings.offerTelemetry(key, value.text());
      return;
    }
    Setting<?> setting = Settings.named(key);
    if (setting != null) {
      settings.offer(setting, value);
    } else if (key.startsWith(HOST_PREFIX)) {
      readHostOverride(key.substring(HOST_PREFIX.length()), value);
    } else {
      String suggestion = Suggestions.closest(key, GLOBAL_KEYS);
      problems.accept(ProblemLines.unknownSetting(value, ProblemLines.didYouMean(suggestion)));
    }
  }

  private void readHostOverride(String scopeAndKey, RawValue value) {
    Setting<?> setting = perHostSettingAtEnd(scopeAndKey);
    if (setting == null) {
      problems.accept(ProblemLines.unknownSetting(value, perHostHint(scopeAndKey)));
      return;
    }
    String scope = scopeAndKey.substring(0, Math.max(0, scopeAndKey.length() - setting.key().length() - 1));
    try {
      settings.offer(HostScope.parse(scope), setting, value);
    } catch (IllegalArgumentException badScope) {
      problems.accept(ProblemLines.ignoredValue(value, badScope.getMessage()));
    }
  }

  private static Setting<?> perHostSettingAtEnd(String scopeAndKey) {
    for (Setting<?> setting : Settings.PER_HOST) {
      if (scopeAndKey.equals(setting.key()) || scopeAndKey.endsWith("." + setting.key())) {
        return setting;
      }
    }
    return null;
  }

  private static String perHostHint(String scopeAndKey) {
    int lastDot = scopeAndKey.lastIndexOf('.');
    String suggestion = Suggestions.closest(scopeAndKey.substring(lastDot + 1), PER_HOST_KEYS);
    if (suggestion != null && lastDot > 0) {
      return ProblemLines.didYouMean(HOST_PREFIX + scopeAndKey.substring(0, lastDot + 1) + suggestion);
    }
    return "; per host only " + String.join(", ", PER_HOST_KEYS) + " can be set";
  }
}
