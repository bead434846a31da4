package io.httppool.agent.config;

/** How the text of a setting becomes its value, and how a value is printed back in problem lines. */
abstract class ValueType<T> {

  /**
   * Returns the value of a trimmed text.
   *
   * @throws IllegalArgumentException whose message follows the value in a problem line, like {@code "is empty"}
   */
  final T parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    return parseNonEmpty(text);
  }

  abstract T parseNonEmpty(String text);

  String format(T value) {
    return String.valueOf(value);
  }
}
