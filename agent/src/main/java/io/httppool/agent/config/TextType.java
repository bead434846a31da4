package io.httppool.agent.config;

/** Any text that is not empty; a missing one is printed as {@code none}. */
final class TextType extends ValueType<String> {

  @Override
  String parseNonEmpty(String text) {
    return text;
  }

  @Override
  String format(String value) {
    return value == null ? "none" : value;
  }
}
