package io.httppool.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Files {@code HTTPPOOL_*} environment variables under the setting they name: {@code HTTPPOOL_<KEY>} with the
 * key upper-cased and its {@code .} and {@code -} written {@code _}, like {@code HTTPPOOL_MAX_CONNECTIONS}.
 *
 * <p>A per-host override is {@code HTTPPOOL_HOST_<HOST>_<KEY>} with the host's dots written {@code _}, like
 * {@code HTTPPOOL_HOST_API_EXAMPLE_COM_IDLE_TIMEOUT}. A host containing {@code -}, and a host with a port,
 * cannot be written this way, as a variable name has no character left for them: set those overrides as system
 * properties or in the config file.
 *
 * <p>{@code HTTPPOOL_OTEL_<NAME>} is the OpenTelemetry setting {@code OTEL_<NAME>} for the agent's own SDK alone,
 * like {@code HTTPPOOL_OTEL_EXPORTER_PROMETHEUS_PORT}.
 */
final class EnvironmentKeyReader {
  static final String PREFIX = "HTTPPOOL_";
  private static final String HOST_PREFIX = "HOST_";
  private static final String TELEMETRY_PREFIX = "OTEL_";
  private static final Map<String, Setting<?>> GLOBAL_BY_NAME = byName(Settings.ALL);
  private static final Map<String, Setting<?>> PER_HOST_BY_NAME = byName(Settings.PER_HOST);

  private final RawSettings settings;
  private final Consumer<String> problems;

  EnvironmentKeyReader(RawSettings settings, Consumer<String> problems) {
    this.settings = settings;
    this.problems = problems;
  }

  /** The variable name of a key, without the {@code HTTPPOOL_} prefix: {@code log.level} gives {@code LOG_LEVEL}. */
  static String nameOf(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** @param name the full variable name, {@code HTTPPOOL_} included */
  void read(String name, String text) {
    String unprefixed = name.substring(PREFIX.length());
    if (HarnessKeys.isHarnessEnvName(unprefixed)) {
      return;
    }
    if (unprefixed.startsWith(TELEMETRY_PREFIX)) {
      // the SDK's own mapping of OTEL_* names: lower case, _ as .
      settings.offerTelemetry(unprefixed.toLowerCase(Locale.ROOT).replace('_', '.'), text);
      return;
    }
    RawValue value = new RawValue(name, text, "");
    Setting<?> setting = GLOBAL_BY_NAME.get(unprefixed);
    if (setting != null) {
      settings.offer(setting, value);
    } else if (unprefixed.startsWith(HOST_PREFIX)) {
      readHostOverride(unprefixed.substring(HOST_PREFIX.length()), value);
    } else {
      String suggestion = Suggestions.closest(unprefixed, GLOBAL_BY_NAME.keySet());
      problems.accept(ProblemLines.unknownSetting(value, ProblemLines.didYouMean(prefixed(suggestion))));
    }
  }

  private void readHostOverride(String hostAndKey, RawValue value) {
    for (Map.Entry<String, Setting<?>> perHost : PER_HOST_BY_NAME.entrySet()) {
      String keyName = perHost.getKey();
      if (hostAndKey.equals(keyName) || hostAndKey.endsWith("_" + keyName)) {
        String host = hostAndKey.substring(0, Math.max(0, hostAndKey.length() - keyName.length() - 1));
        if (host.isEmpty()) {
          problems.accept(ProblemLines.ignoredValue(value, "no host given"));
        } else {
          settings.offer(new HostScope(host.replace('_', '.'), HostScope.ANY_PORT), perHost.getValue(), value);
        }
        return;
      }
    }
    problems.accept(ProblemLines.unknownSetting(value, "; per-host variables end with " + perHostEndings()));
  }

  private static String prefixed(String suggestion) {
    return suggestion == null ? null : PREFIX + suggestion;
  }

  private static String perHostEndings() {
    List<String> endings = new ArrayList<>();
    for (String name : PER_HOST_BY_NAME.keySet()) {
      endings.add("_" + name);
    }
    return String.join(", ", endings);
  }

  private static Map<String, Setting<?>> byName(List<Setting<?>> settings) {
    Map<String, Setting<?>> byName = new LinkedHashMap<>();
    for (Setting<?> setting : settings) {
      byName.put(nameOf(setting.key()), setting);
    }
    return Collections.unmodifiableMap(byName);
  }
}
