package io.httppool.agent.config;

/** One known setting: its key without the {@code httppool.} prefix, its type and its default. */
final class Setting<T> {
  private final String key;
  private final ValueType<T> type;
  private final T defaultValue;

  Setting(String key, ValueType<T> type, T defaultValue) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
  }

  String key() {
    return key;
  }

  ValueType<T> type() {
    return type;
  }

  T defaultValue() {
    return defaultValue;
  }

  @Override
  public String toString() {
    return key;
  }
}
