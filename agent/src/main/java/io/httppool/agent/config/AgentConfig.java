package io.httppool.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The agent's settings, read once at start-up from system properties {@code httppool.<key>}, environment
 * variables {@code HTTPPOOL_<KEY>} and the properties file named by {@code httppool.config.file}, in that
 * order of precedence.
 *
 * <p>Reading never fails: a malformed value or an unknown {@code httppool.*} key is reported as one line to the
 * problems callback, and the default (or, for a per-host override, the inherited value) is used instead.
 * Immutable and safe to share between threads.
 */
public final class AgentConfig {
  private static final AgentConfig DEFAULTS =
      new AgentConfig(new SettingValues(null), Collections.<HostScope, SettingValues>emptyMap(),
          Collections.<String, String>emptyMap());

  private final SettingValues values;
  private final Map<HostScope, SettingValues> hostOverrides;
  private final PoolSettings globalPoolSettings;
  private final Map<HostScope, PoolSettings> poolSettingsByScope;
  private final Map<String, String> telemetry;

  AgentConfig(SettingValues values, Map<HostScope, SettingValues> hostOverrides, Map<String, String> telemetry) {
    this.values = values;
    this.telemetry = Collections.unmodifiableMap(new LinkedHashMap<>(telemetry));
    this.hostOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(hostOverrides));
    this.globalPoolSettings = PoolSettings.from(values);
    Map<HostScope, PoolSettings> byScope = new HashMap<>();
    for (Map.Entry<HostScope, SettingValues> override : hostOverrides.entrySet()) {
      byScope.put(override.getKey(), PoolSettings.from(override.getValue()));
    }
    this.poolSettingsByScope = byScope;
  }

  /** Reads the settings from the given system properties and environment, and the config file they name. */
  public static AgentConfig load(
      Map<String, String> systemProperties, Map<String, String> environment, Consumer<String> problems) {
    Consumer<String> report = problems == null ? line -> {} : problems;
    try {
      return ConfigLoader.load(systemProperties, environment, report);
    } catch (RuntimeException bug) {
      // fail-open: even a bug in this package must not keep the application from starting
      report.accept("configuration could not be read (" + bug + "); using defaults");
      return DEFAULTS;
    }
  }

  /** Reads the settings from {@link System#getProperties()}, {@link System#getenv()} and the config file. */
  public static AgentConfig fromSystem(Consumer<String> problems) {
    Consumer<String> report = problems == null ? line -> {} : problems;
    return load(ConfigLoader.systemProperties(report), ConfigLoader.environment(report), report);
  }

  public static AgentConfig defaults() {
    return DEFAULTS;
  }

  /** False makes the whole agent a no-op. */
  public boolean enabled() {
    return values.get(Settings.ENABLED);
  }

  /**
   * Whether the agent pools the connections of a client family: {@code okhttp}, {@code apache4},
   * {@code apache5}, {@code urlconnection} or {@code jdkhttp}. False whenever the agent is disabled.
   *
   * @throws IllegalArgumentException for another name, which is a bug in the caller, not a user's mistake
   */
  public boolean clientEnabled(String client) {
    Setting<Boolean> clientSwitch = Settings.clientSwitch(client);
    if (clientSwitch == null) {
      throw new IllegalArgumentException("unknown client " + client + ", expected one of " + Settings.CLIENTS);
    }
    return enabled() && values.get(clientSwitch);
  }

  /**
   * Whether a {@code PoolingHttpClientConnectionManager} an application or library makes for its HttpClient 4.x
   * client becomes a handle onto a shared pool when its connections are interchangeable with it.
   */
  public boolean apache4ShareAppPools() {
    return values.get(Settings.APACHE4_SHARE_APP_POOLS);
  }

  /**
   * Whether a {@code PoolingHttpClientConnectionManager} an application or library makes for its HttpClient 5.x
   * classic client becomes a handle onto a shared pool when its connections are interchangeable with it.
   */
  public boolean apache5ShareAppPools() {
    return values.get(Settings.APACHE5_SHARE_APP_POOLS);
  }

  /**
   * Whether HttpClient 5.x async clients built without a manager run on one shared engine (on by default); when
   * off, each gets a manager of its own with the agent's limits, on its own reactor.
   */
  public boolean apache5ShareAsyncEngine() {
    return values.get(Settings.APACHE5_SHARE_ASYNC_ENGINE);
  }

  /** The most connections one client family's pool holds, over all hosts. */
  public int maxConnections() {
    return values.get(Settings.MAX_CONNECTIONS);
  }

  /**
   * The limits and timeouts for a destination: an override for the host and port beats one for the host,
   * which beats the global value. Resolved at load time, so this is two map look-ups.
   */
  /** The settings of hosts without overrides. */
  public PoolSettings defaultPoolSettings() {
    return globalPoolSettings;
  }

  public PoolSettings poolSettings(String host, int port) {
    if (host == null || poolSettingsByScope.isEmpty()) {
      return globalPoolSettings;
    }
    HostScope exact = new HostScope(host, port);
    PoolSettings settings = poolSettingsByScope.get(exact);
    if (settings == null) {
      settings = poolSettingsByScope.get(exact.hostWide());
    }
    return settings == null ? globalPoolSettings : settings;
  }

  public Scheduling scheduling() {
    return values.get(Settings.SCHEDULING);
  }

  /** Whether a request that failed only on a stale reused connection is retried once, when that is safe. */
  public boolean retryStale() {
    return values.get(Settings.RETRY_STALE);
  }

  /** Whether an OkHttp {@code ConnectionPool} the application made becomes a handle onto the shared pool. */
  public boolean okhttpShareAppPools() {
    return values.get(Settings.OKHTTP_SHARE_APP_POOLS);
  }

  /** How long a connection may be held before it is reported as leaked; 0 turns leak detection off. */
  public long leakDetectionThresholdMillis() {
    return values.get(Settings.LEAK_DETECTION_THRESHOLD);
  }

  /** One of {@code off}, {@code error}, {@code warn}, {@code info}, {@code debug}, {@code trace}. */
  public String logLevel() {
    return values.get(Settings.LOG_LEVEL);
  }

  public boolean reportOnExit() {
    return values.get(Settings.REPORT_ON_EXIT);
  }

  /** How many distinct hosts the metrics name before folding the rest into {@code _other}. */
  public int metricsMaxHosts() {
    return values.get(Settings.METRICS_MAX_HOSTS);
  }

  /** Whether pool events (high utilization, pool exhausted, high error rate) are detected, logged and counted. */
  public boolean eventsEnabled() {
    return values.get(Settings.EVENTS_ENABLED);
  }

  /** Utilization (active / max), as a fraction from 0 to 1, above which a pool is highly utilized. */
  public double highUtilizationThreshold() {
    return values.get(Settings.EVENTS_HIGH_UTILIZATION_THRESHOLD) / 100.0;
  }

  /** How long utilization must stay above the threshold before a high_utilization event. */
  public long highUtilizationDurationMillis() {
    return values.get(Settings.EVENTS_HIGH_UTILIZATION_DURATION);
  }

  /** Failed requests over all requests in the window, as a fraction from 0 to 1, above which errors are high. */
  public double errorRateThreshold() {
    return values.get(Settings.EVENTS_ERROR_RATE_THRESHOLD) / 100.0;
  }

  /** The sliding window over which the error rate is measured. */
  public long errorRateWindowMillis() {
    return values.get(Settings.EVENTS_ERROR_RATE_WINDOW);
  }

  /**
   * OpenTelemetry SDK settings for the agent's own SDK alone, by their {@code otel.*} names: given as
   * {@code httppool.otel.<rest>}, {@code HTTPPOOL_OTEL_<REST>} or {@code otel.<rest>} in the config file, they win
   * over the same {@code otel.*} settings, which other OpenTelemetry agents in the JVM read too.
   */
  public Map<String, String> telemetrySettings() {
    return telemetry;
  }

  /** Whether each pool is registered as a JMX MBean in the platform MBean server. */
  public boolean jmxEnabled() {
    return values.get(Settings.JMX_ENABLED);
  }

  /**
   * One line of the settings that differ from the defaults, per-host overrides included, like
   * {@code max-connections=512 host.api.example.com:8443.idle-timeout=5s}; {@code all defaults} if none.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    values.describeNonDefaults(Settings.ALL, parts);
    for (Map.Entry<HostScope, SettingValues> override : hostOverrides.entrySet()) {
      override.getValue().describeOwn("host." + override.getKey() + ".", parts);
    }
    return parts.isEmpty() ? "all defaults" : String.join(" ", parts);
  }

  @Override
  public String toString() {
    return "AgentConfig{" + describe() + "}";
  }
}
