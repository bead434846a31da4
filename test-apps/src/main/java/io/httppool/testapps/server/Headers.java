package io.httppool.testapps.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An ordered list of header fields with case-insensitive lookup. Immutable once built. */
public final class Headers {

  /** One header field as it appeared on the wire (name case preserved). */
  public record Field(String name, String value) {
  }

  private final List<Field> fields;

  private Headers(List<Field> fields) {
    this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
  }

  public static Headers of(List<Field> fields) {
    return new Headers(fields);
  }

  public static Headers empty() {
    return new Headers(List.of());
  }

  public Headers with(String name, String value) {
    List<Field> extended = new ArrayList<>(fields);
    extended.add(new Field(name, value));
    return new Headers(extended);
  }

  public List<Field> fields() {
    return fields;
  }

  public Optional<String> first(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
  }

  public List<String> all(String name) {
    return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
  }

  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** True if a comma-separated header such as {@code Connection} carries the given token. */
  public boolean hasToken(String name, String token) {
    String wanted = token.toLowerCase(Locale.ROOT);
    return all(name).stream()
        .flatMap(value -> List.of(value.split(",")).stream())
        .anyMatch(t -> t.trim().toLowerCase(Locale.ROOT).equals(wanted));
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
