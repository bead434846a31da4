package io.httppool.agent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code httppool.*} names that the project's test harness uses for itself. They are not agent settings,
 * and warning about them would drown real problems in the end-to-end tests' output.
 */
final class HarnessKeys {
  private static final String TEST_PREFIX = "test.";
  private static final Set<String> KEYS =
      Collections.unmodifiableSet(
          new HashSet<>(Arrays.asList("agent.jar", "apps.classes", "libs.dir", "work.dir")));
  private static final String TEST_ENV_PREFIX = EnvironmentKeyReader.nameOf(TEST_PREFIX);
  private static final Set<String> ENV_NAMES = envNames();

  private HarnessKeys() {}

  /** For a key without the {@code httppool.} prefix. */
  static boolean isHarnessKey(String key) {
    return key.startsWith(TEST_PREFIX) || KEYS.contains(key);
  }

  /** For an environment variable name without the {@code HTTPPOOL_} prefix. */
  static boolean isHarnessEnvName(String name) {
    return name.startsWith(TEST_ENV_PREFIX) || ENV_NAMES.contains(name);
  }

  private static Set<String> envNames() {
    Set<String> names = new HashSet<>();
    for (String key : KEYS) {
      names.add(EnvironmentKeyReader.nameOf(key));
    }
    return Collections.unmodifiableSet(names);
  }
}
