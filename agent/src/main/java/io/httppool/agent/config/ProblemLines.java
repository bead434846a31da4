package io.httppool.agent.config;

/** The wording of configuration problem lines, kept in one place because users grep their logs for it. */
final class ProblemLines {
  private ProblemLines() {}

  /** Like {@code httppool.idle-timeout=abc is not a duration (like 500ms, 30s, 5m); using 30s}. */
  static String invalidValue(RawValue value, String reason, String used) {
    return value.assignment() + " " + reason + "; using " + used;
  }

  /** Like {@code httppool.host.a:0.idle-timeout=5s ignored: port 0 is not a number from 1 to 65535}. */
  static String ignoredValue(RawValue value, String reason) {
    return value.assignment() + " ignored: " + reason;
  }

  /** Like {@code unknown setting httppool.max-conections ignored; did you mean max-connections?}. */
  static String unknownSetting(RawValue value, String hint) {
    return "unknown setting " + value.name() + " ignored" + hint;
  }

  /** A hint for {@link #unknownSetting}: empty when there is no suggestion. */
  static String didYouMean(String suggestion) {
    return suggestion == null ? "" : "; did you mean " + suggestion + "?";
  }
}
