package io.httppool.agent.config;

/** The text one source gave for a setting, with what it takes to point the user at it in a problem line. */
final class RawValue {
  private final String spelledKey;
  private final String text;
  private final String location;

  /**
   * @param spelledKey the key as the source wrote it, like {@code HTTPPOOL_IDLE_TIMEOUT}
   * @param location empty, or where the key was found when its spelling does not say, like {@code " in a.properties"}
   */
  RawValue(String spelledKey, String text, String location) {
    this.spelledKey = spelledKey;
    this.text = text == null ? "" : text.trim();
    this.location = location;
  }

  String text() {
    return text;
  }

  /** Like {@code httppool.idle-timeout}. */
  String name() {
    return spelledKey + location;
  }

  /** Like {@code httppool.idle-timeout=abc}. */
  String assignment() {
    return spelledKey + "=" + text + location;
  }
}
