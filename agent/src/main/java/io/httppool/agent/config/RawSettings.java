package io.httppool.agent.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The texts found for the settings, before they are parsed. The first source to give a setting keeps it, so
 * sources are read from the highest precedence to the lowest.
 */
final class RawSettings {
  private final Map<Setting<?>, RawValue> global = new HashMap<>();
  private final Map<HostScope, Map<Setting<?>, RawValue>> perHost = new LinkedHashMap<>();
  private final Map<String, String> telemetry = new TreeMap<>();

  void offer(Setting<?> setting, RawValue value) {
    global.putIfAbsent(setting, value);
  }

  void offer(HostScope scope, Setting<?> setting, RawValue value) {
    Map<Setting<?>, RawValue> overrides = perHost.get(scope);
    if (overrides == null) {
      overrides = new HashMap<>();
      perHost.put(scope, overrides);
    }
    overrides.putIfAbsent(setting, value);
  }

  /** An OpenTelemetry SDK setting for the agent's own SDK, by its {@code otel.*} name. */
  void offerTelemetry(String otelKey, String text) {
    telemetry.putIfAbsent(otelKey, text);
  }

  /** The {@code otel.*} settings given to the agent alone, sorted by name. */
  Map<String, String> telemetry() {
    return Collections.unmodifiableMap(telemetry);
  }

  /** Returns the text given for a global setting, or null. */
  RawValue get(Setting<?> setting) {
    return global.get(setting);
  }

  /** Returns the text given for a setting of one host scope, or null. */
  RawValue get(HostScope scope, Setting<?> setting) {
    Map<Setting<?>, RawValue> overrides = perHost.get(scope);
    return overrides == null ? null : overrides.get(setting);
  }

  Set<HostScope> hostScopes() {
    return Collections.unmodifiableSet(perHost.keySet());
  }
}
