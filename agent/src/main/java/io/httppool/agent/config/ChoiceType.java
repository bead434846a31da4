package io.httppool.agent.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One of a few names, in any case. */
final class ChoiceType<T> extends ValueType<T> {
  private final Map<String, T> valuesByName = new LinkedHashMap<>();
  private final String names;

  /** The first name given for a value is the one printed; later ones are accepted as aliases. */
  ChoiceType(String names, Map<String, T> valuesByName) {
    this.names = names;
    this.valuesByName.putAll(valuesByName);
  }

  static <E extends Enum<E>> ChoiceType<E> ofEnum(Class<E> type) {
    Map<String, E> byName = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      byName.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return new ChoiceType<>(String.join(", ", byName.keySet()), byName);
  }

  @Override
  T parseNonEmpty(String text) {
    T value = valuesByName.get(text.toLowerCase(Locale.ROOT));
    if (value == null) {
      throw new IllegalArgumentException("is not one of " + names);
    }
    return value;
  }

  @Override
  String format(T value) {
    for (Map.Entry<String, T> entry : valuesByName.entrySet()) {
      if (entry.getValue().equals(value)) {
        return entry.getKey();
      }
    }
    return String.valueOf(value);
  }
}
