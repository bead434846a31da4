package io.httppool.testapps.compatibility;

import io.httppool.testapps.compatibility.ClassInfo.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The classes of one {@link ClassSource}, resolved the way the JVM links a reference: a field or method is found
 * in the class, its superclasses or its superinterfaces.
 */
final class ClassPath {
  private final ClassSource source;
  private final Map<String, Optional<ClassInfo>> classes = new HashMap<>();

  ClassPath(ClassSource source) {
    this.source = source;
  }

  ClassSource source() {
    return source;
  }

  Optional<ClassInfo> find(String internalName) {
    return classes.computeIfAbsent(internalName, name -> source.classFile(name).map(ClassInfo::read));
  }

  /** The class and every class and interface above it that this source has, nearest first. */
  List<ClassInfo> hierarchy(String internalName) {
    List<ClassInfo> found = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> pending = new ArrayList<>(List.of(internalName));
    while (!pending.isEmpty()) {
      String name = pending.remove(0);
      if (name == null || !seen.add(name)) {
        continue;
      }
      find(name).ifPresent(type -> {
        found.add(type);
        pending.add(type.superName());
        pending.addAll(type.interfaces());
      });
    }
    return found;
  }

  /** A field by name (and descriptor, unless null) declared by the class or inherited. */
  boolean hasField(String owner, String name, String descriptor) {
    return hierarchy(owner).stream().flatMap(type -> type.fields().stream())
        .anyMatch(matches(name, descriptor));
  }

  boolean declaresField(String owner, String name, String descriptor) {
    return find(owner).stream().flatMap(type -> type.fields().stream()).anyMatch(matches(name, descriptor));
  }

  /** A method by name and descriptor; constructors only in the class itself, as the JVM links them. */
  boolean hasMethod(String owner, String name, String descriptor) {
    Stream<ClassInfo> candidates = name.equals("<init>") ? find(owner).stream() : hierarchy(owner).stream();
    return candidates.flatMap(type -> type.methods().stream()).anyMatch(matches(name, descriptor));
  }

  List<Member> declaredMethods(String owner) {
    return find(owner).map(ClassInfo::methods).orElse(List.of());
  }

  /** Every field and method name of the classes under the prefixes, and of the classes above them. */
  Set<String> memberNames(List<String> prefixes) {
    Set<String> names = new LinkedHashSet<>();
    prefixes.stream().flatMap(this::classesMatching).distinct().forEach(type -> hierarchy(type).forEach(info -> {
      info.fields().forEach(field -> names.add(field.name()));
      info.methods().forEach(method -> names.add(method.name()));
    }));
    return names;
  }

  /** A prefix ending in {@code /} is a package and its subpackages; any other names one class. */
  private Stream<String> classesMatching(String prefix) {
    if (prefix.endsWith("/")) {
      return source.classesUnder(prefix);
    }
    return find(prefix).isPresent() ? Stream.of(prefix) : Stream.empty();
  }

  private static Predicate<Member> matches(String name, String descriptor) {
    return member -> member.name().equals(name) && (descriptor == null || member.descriptor().equals(descriptor));
  }
}
