package io.httppool.agent.config;

/** {@code true} or {@code false} in any case; anything else is refused rather than read as false. */
final class BooleanType extends ValueType<Boolean> {

  @Override
  Boolean parseNonEmpty(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("is not true or false");
  }
}
