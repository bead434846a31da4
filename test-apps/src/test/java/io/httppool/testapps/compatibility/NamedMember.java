package io.httppool.testapps.compatibility;

import io.httppool.testapps.compatibility.ClassInfo.Member;
import io.httppool.testapps.families.JarSet;
import java.util.Arrays;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.Type;

/**
 * One library class or member the agent reaches by its name (a string in a Byte Buddy matcher, a reflective
 * look-up, an {@code @Advice.FieldValue}), with the versions that lack it by design (the agent checks and does
 * without). The gate asserts both ways: present in every other version, absent in those.
 */
final class NamedMember {
  enum Kind {
    /** The class exists. */
    TYPE,
    /** {@code getDeclaredField}: the owner itself declares the field. */
    DECLARED_FIELD,
    /** {@code @Advice.FieldValue}: the owner or a class above it declares the field. */
    FIELD,
    /** A method matcher: the owner declares a method of that name, argument count and argument types. */
    MATCHED_METHOD,
    /** {@code getMethod}: a public method of the owner or above, with exactly these parameter types. */
    PUBLIC_METHOD
  }

  private final Kind kind;
  private final String owner;
  private final String name;
  private final String fieldType;
  private final int arguments;
  private final Map<Integer, String> argumentTypes;
  private Set<String> absentIn = Set.of();
  private int presentFromJdk;

  private NamedMember(Kind kind, String owner, String name, String fieldType, int arguments,
      Map<Integer, String> argumentTypes) {
    this.kind = kind;
    this.owner = owner;
    this.name = name;
    this.fieldType = fieldType;
    this.arguments = arguments;
    this.argumentTypes = argumentTypes;
  }

  static NamedMember type(String className) {
    return new NamedMember(Kind.TYPE, className, null, null, -1, Map.of());
  }

  /** {@code owner} may end in {@code $*}: any of its nested classes (the anonymous ones are numbered). */
  static NamedMember declaredField(String owner, String name) {
    return new NamedMember(Kind.DECLARED_FIELD, owner, name, null, -1, Map.of());
  }

  /** A field the agent uses only if its type is {@code typeName} (else it does without). */
  static NamedMember declaredField(String owner, String name, String typeName) {
    return new NamedMember(Kind.DECLARED_FIELD, owner, name, typeName, -1, Map.of());
  }

  static NamedMember field(String owner, String name) {
    return new NamedMember(Kind.FIELD, owner, name, null, -1, Map.of());
  }

  /**
   * {@code named(name).and(takesArguments(arguments))}; {@code typesByPosition} alternates positions and type
   * names, for {@code takesArgument(position, named(type))}. -1 arguments: any count.
   */
  static NamedMember method(String owner, String name, int arguments, Object... typesByPosition) {
    Map<Integer, String> types = new TreeMap<>();
    for (int i = 0; i < typesByPosition.length; i += 2) {
      types.put((Integer) typesByPosition[i], (String) typesByPosition[i + 1]);
    }
    return new NamedMember(Kind.MATCHED_METHOD, owner, name, null, arguments, types);
  }

  static NamedMember constructor(String owner, int arguments, Object... typesByPosition) {
    return method(owner, "<init>", arguments, typesByPosition);
  }

  static NamedMember publicMethod(String owner, String name, String... parameterTypes) {
    Map<Integer, String> types = new TreeMap<>();
    for (int i = 0; i < parameterTypes.length; i++) {
      types.put(i, parameterTypes[i]);
    }
    return new NamedMember(Kind.PUBLIC_METHOD, owner, name, null, parameterTypes.length, types);
  }

  NamedMember absentIn(JarSet... sets) {
    absentIn = Arrays.stream(sets).map(JarSet::dir).collect(Collectors.toUnmodifiableSet());
    return this;
  }

  /** A JDK member added in feature release {@code feature}: declared absent in the JDKs before it. */
  NamedMember presentFromJdk(int feature) {
    presentFromJdk = feature;
    return this;
  }

  Kind kind() {
    return kind;
  }

  /** The owner as an internal name, {@code okhttp3/OkHttpClient$Builder}. */
  String owner() {
    return owner.replace('.', '/');
  }

  /** The member's name; null for a type. */
  String name() {
    return name;
  }

  /** Whether the version in {@code source} should have it: false for the sets listed in {@link #absentIn}. */
  boolean expectedIn(ClassSource source) {
    return !(source instanceof JarSetSource set && absentIn.contains(set.set().dir()))
        && !(source instanceof JdkSource jdk && jdk.feature() < presentFromJdk);
  }

  boolean isIn(ClassPath classes) {
    if (owner.endsWith("$*")) {
      String outer = owner().substring(0, owner().length() - 1);
      String packagePrefix = outer.substring(0, outer.lastIndexOf('/') + 1);
      return classes.source().classesUnder(packagePrefix).filter(nested -> nested.startsWith(outer))
          .anyMatch(nested -> isIn(classes, nested));
    }
    return isIn(classes, owner());
  }

  private boolean isIn(ClassPath classes, String type) {
    return switch (kind) {
      case TYPE -> classes.find(type).isPresent();
      case DECLARED_FIELD -> classes.declaresField(type, name, fieldType == null ? null : descriptor(fieldType));
      case FIELD -> classes.hasField(type, name, null);
      case MATCHED_METHOD -> classes.declaredMethods(type).stream().anyMatch(this::matches);
      case PUBLIC_METHOD -> classes.hierarchy(type).stream().flatMap(info -> info.methods().stream())
          .anyMatch(method -> method.isPublic() && matches(method));
    };
  }

  private boolean matches(Member method) {
    if (!method.name().equals(name)) {
      return false;
    }
    Type[] parameters = Type.getArgumentTypes(method.descriptor());
    if (arguments >= 0 && parameters.length != arguments) {
      return false;
    }
    return argumentTypes.entrySet().stream().allMatch(expected -> expected.getKey() < parameters.length
        && parameters[expected.getKey()].getClassName().equals(expected.getValue()));
  }

  private static String descriptor(String typeName) {
    return "L" + typeName.replace('.', '/') + ";";
  }

  String describe() {
    String type = owner.replace('/', '.');
    String arguments = argumentTypes.isEmpty() ? (this.arguments < 0 ? "(..)" : "(" + this.arguments + " arguments)")
        : "(" + (this.arguments < 0 ? "" : this.arguments + " arguments, ") + argumentTypes.entrySet().stream()
            .map(entry -> "#" + entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", ")) + ")";
    return switch (kind) {
      case TYPE -> "class " + type;
      case DECLARED_FIELD -> "field " + type + "." + name + (fieldType == null ? "" : " of type " + fieldType)
          + " (declared)";
      case FIELD -> "field " + type + "." + name;
      case MATCHED_METHOD, PUBLIC_METHOD -> (name.equals("<init>") ? "constructor " + type : "method " + type + "."
          + name) + arguments + (kind == Kind.PUBLIC_METHOD ? " (public)" : "");
    };
  }

  /** The class names this entry mentions, as the agent writes them: owner, argument and field types. */
  Set<String> classNames() {
    Set<String> names = new LinkedHashSet<>(argumentTypes.values());
    names.add(owner.endsWith("$*") ? owner.substring(0, owner.length() - 2) : owner);
    if (fieldType != null) {
      names.add(fieldType);
    }
    return names;
  }
}
