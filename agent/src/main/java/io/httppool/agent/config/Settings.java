package io.httppool.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue of every setting the agent knows, with its type and default. */
final class Settings {
  static final List<String> CLIENTS =
      Collections.unmodifiableList(Arrays.asList("okhttp", "apache4", "apache5", "urlconnection", "jdkhttp"));

  private static final BooleanType BOOLEAN = new BooleanType();

  static final Setting<Boolean> ENABLED = new Setting<>("enabled", BOOLEAN, true);
  static final Setting<Boolean> APACHE4_SHARE_APP_POOLS = new Setting<>("apache4.share-app-pools", BOOLEAN, true);
  static final Setting<Boolean> APACHE5_SHARE_APP_POOLS = new Setting<>("apache5.share-app-pools", BOOLEAN, true);
  static final Setting<Boolean> APACHE5_SHARE_ASYNC_ENGINE =
      new Setting<>("apache5.share-async-engine", BOOLEAN, true);
  static final Setting<Integer> MAX_CONNECTIONS = new Setting<>("max-connections", new IntegerType(1), 256);
  static final Setting<Integer> MAX_CONNECTIONS_PER_HOST =
      new Setting<>("max-connections-per-host", new IntegerType(1), 64);
  // 0 is allowed: it turns keep-alive off for a host whose server mishandles it
  static final Setting<Integer> MAX_IDLE_PER_HOST = new Setting<>("max-idle-per-host", new IntegerType(0), 32);
  static final Setting<Long> IDLE_TIMEOUT = new Setting<>("idle-timeout", new DurationType(0), 30_000L);
  static final Setting<Long> CONNECTION_TTL = new Setting<>("connection-ttl", new DurationType(0), 0L);
  // 0 is refused: it would read as "wait forever" to some users and "never wait" to others
  static final Setting<Long> ACQUIRE_TIMEOUT = new Setting<>("acquire-timeout", new DurationType(1), 30_000L);
  static final Setting<Long> VALIDATE_AFTER_INACTIVITY =
      new Setting<>("validate-after-inactivity", new DurationType(0), 500L);
  static final Setting<Scheduling> SCHEDULING =
      new Setting<>("scheduling", ChoiceType.ofEnum(Scheduling.class), Scheduling.LIFO);
  static final Setting<Boolean> RETRY_STALE = new Setting<>("retry-stale", BOOLEAN, true);
  static final Setting<Boolean> OKHTTP_SHARE_APP_POOLS = new Setting<>("okhttp.share-app-pools", BOOLEAN, true);
  static final Setting<Long> LEAK_DETECTION_THRESHOLD =
      new Setting<>("leak-detection-threshold", new DurationType(0), 0L);
  static final Setting<String> LOG_LEVEL = new Setting<>("log.level", logLevels(), "info");
  static final Setting<Boolean> REPORT_ON_EXIT = new Setting<>("report-on-exit", BOOLEAN, false);
  static final Setting<Integer> METRICS_MAX_HOSTS = new Setting<>("metrics.max-hosts", new IntegerType(1), 100);
  static final Setting<Boolean> EVENTS_ENABLED = new Setting<>("events.enabled", BOOLEAN, true);
  static final Setting<Double> EVENTS_HIGH_UTILIZATION_THRESHOLD =
      new Setting<>("events.high-utilization-threshold", new PercentType(), 80.0);
  static final Setting<Long> EVENTS_HIGH_UTILIZATION_DURATION =
      new Setting<>("events.high-utilization-duration", new DurationType(0), 30_000L);
  static final Setting<Double> EVENTS_ERROR_RATE_THRESHOLD =
      new Setting<>("events.error-rate-threshold", new PercentType(), 5.0);
  static final Setting<Long> EVENTS_ERROR_RATE_WINDOW =
      new Setting<>("events.error-rate-window", new DurationType(1_000), 60_000L);
  static final Setting<Boolean> JMX_ENABLED = new Setting<>("jmx.enabled", BOOLEAN, true);
  static final Setting<String> CONFIG_FILE = new Setting<>("config.file", new TextType(), null);

  private static final Map<String, Setting<Boolean>> CLIENT_SWITCHES = clientSwitches();

  /** Every setting, in the order {@link AgentConfig#describe()} prints them. */
  static final List<Setting<?>> ALL = all();

  /** The settings that {@code host.<host>[:<port>].<key>} can override. */
  static final List<Setting<?>> PER_HOST =
      Collections.unmodifiableList(
          Arrays.<Setting<?>>asList(
              MAX_CONNECTIONS_PER_HOST,
              MAX_IDLE_PER_HOST,
              IDLE_TIMEOUT,
              CONNECTION_TTL,
              ACQUIRE_TIMEOUT,
              VALIDATE_AFTER_INACTIVITY));

  private static final Map<String, Setting<?>> BY_KEY = byKey(ALL);

  private Settings() {}

  /** Returns the global setting with this key, or null. */
  static Setting<?> named(String key) {
    return BY_KEY.get(key);
  }

  /** Returns the {@code <client>.enabled} setting, or null for a client the agent does not know. */
  static Setting<Boolean> clientSwitch(String client) {
    return CLIENT_SWITCHES.get(client);
  }

  static List<String> keysOf(List<Setting<?>> settings) {
    List<String> keys = new ArrayList<>(settings.size());
    for (Setting<?> setting : settings) {
      keys.add(setting.key());
    }
    return keys;
  }

  private static ChoiceType<String> logLevels() {
    Map<String, String> levels = new LinkedHashMap<>();
    for (String level : Arrays.asList("off", "error", "warn", "info", "debug", "trace")) {
      levels.put(level, level);
    }
    // the bootstrap's AgentLog reads the level before this class does, and it accepts "warning" too
    levels.put("warning", "warn");
    return new ChoiceType<>("off, error, warn, info, debug, trace", levels);
  }

  private static Map<String, Setting<Boolean>> clientSwitches() {
    Map<String, Setting<Boolean>> switches = new LinkedHashMap<>();
    for (String client : CLIENTS) {
      switches.put(client, new Setting<>(client + ".enabled", BOOLEAN, true));
    }
    return Collections.unmodifiableMap(switches);
  }

  private static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>();
    all.add(ENABLED);
    all.addAll(CLIENT_SWITCHES.values());
    all.add(APACHE4_SHARE_APP_POOLS);
    all.add(APACHE5_SHARE_APP_POOLS);
    all.add(APACHE5_SHARE_ASYNC_ENGINE);
    all.addAll(
        Arrays.<Setting<?>>asList(
            MAX_CONNECTIONS,
            MAX_CONNECTIONS_PER_HOST,
            MAX_IDLE_PER_HOST,
            IDLE_TIMEOUT,
            CONNECTION_TTL,
            ACQUIRE_TIMEOUT,
            VALIDATE_AFTER_INACTIVITY,
            SCHEDULING,
            RETRY_STALE,
            OKHTTP_SHARE_APP_POOLS,
            LEAK_DETECTION_THRESHOLD,
            LOG_LEVEL,
            REPORT_ON_EXIT,
            METRICS_MAX_HOSTS,
            EVENTS_ENABLED,
            EVENTS_HIGH_UTILIZATION_THRESHOLD,
            EVENTS_HIGH_UTILIZATION_DURATION,
            EVENTS_ERROR_RATE_THRESHOLD,
            EVENTS_ERROR_RATE_WINDOW,
            JMX_ENABLED,
            CONFIG_FILE));
    return Collections.unmodifiableList(all);
  }

  private static Map<String, Setting<?>> byKey(List<Setting<?>> settings) {
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    for (Setting<?> setting : settings) {
      byKey.put(setting.key(), setting);
    }
    return Collections.unmodifiableMap(byKey);
  }
}
