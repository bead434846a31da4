package io.httppool.testapps.compatibility;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.testapps.compatibility.AgentClasses.Kind;
import io.httppool.testapps.compatibility.AgentClasses.Reference;
import io.httppool.testapps.compatibility.AgentClasses.StringConstant;
import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.support.TestPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Muzzle in spirit, without a child JVM: every library class, field and method the agent reaches, by linking
 * (its compiled instrumentation) or by name ({@link ReachedByName}), resolved in every tested version of one
 * client family. A release that renames one fails here, naming the member and the version, rather than an
 * end-to-end test by its symptom. One subclass per family, tagged with the family.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CompatibilityGate {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final String INSTRUMENTATION = "io/httppool/agent/instrumentation/";
  private static final List<String> FAMILY_PACKAGES = List.of(ClientFamily.values()).stream()
      .map(family -> INSTRUMENTATION + family.name().toLowerCase(Locale.ROOT) + "/").toList();

  private AgentClasses agent;
  private List<ClassPath> versions;

  abstract ClientFamily family();

  /** The library's classes: a package prefix ends in {@code /}, anything else names one class. */
  abstract List<String> libraryClasses();

  /** One class source per tested version: by default the family's jar sets. */
  List<ClassSource> sources() {
    return JarSet.of(family()).stream().<ClassSource>map(JarSetSource::new).toList();
  }

  @BeforeAll
  void readAgentAndVersions() {
    agent = AgentClasses.readFrom(TestPaths.agentClasses(), TestPaths.agentBootstrapClasses());
    versions = sources().stream().map(ClassPath::new).toList();
    assertFalse(versions.isEmpty(), "no tested version of " + family().readmeName());
  }

  @AfterAll
  void closeVersions() throws Exception {
    for (ClassPath version : versions) {
      if (version.source() instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  @Test
  void everyLibraryReferenceOfTheAgentsBytecodeResolvesInEveryVersion() {
    Map<String, Reference> references = new LinkedHashMap<>();
    agent.references().stream()
        .filter(reference -> isLibrary(reference.owner()) && concernsThisFamily(reference.from()))
        .forEach(reference -> references.putIfAbsent(reference.describe(), reference));
    assertFalse(references.isEmpty(), "the agent's instrumentation references no " + family().readmeName()
        + " class: are " + libraryClasses() + " its packages, and " + TestPaths.agentClasses() + " the agent's?");
    List<String> problems = new ArrayList<>();
    for (ClassPath version : versions) {
      for (Reference reference : references.values()) {
        if (!resolves(version, reference) && !absentByDesign(version.source(), reference)) {
          problems.add(version.source().describe() + ": " + reference.describe() + " is missing (linked by "
              + reference.from().replace('/', '.') + ")");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyNameTheAgentLooksUpReflectivelyIsInReachedByName() {
    Set<String> declaredNames = new LinkedHashSet<>();
    ReachedByName.of(family()).forEach(member -> declaredNames.add(member.name()));
    Set<String> problems = new TreeSet<>();
    for (StringConstant lookUp : agent.lookedUpNames()) {
      String own = INSTRUMENTATION + family().name().toLowerCase(Locale.ROOT) + "/";
      if (AgentClasses.codeOf(lookUp.from()).startsWith(own) && !declaredNames.contains(lookUp.value())
          && !ReachedByName.NOT_REACHED.containsKey(lookUp.value())) {
        problems.add("\"" + lookUp.value() + "\" is looked up reflectively in " + lookUp.from().replace('/', '.')
            + " but ReachedByName does not list it for " + family().readmeName());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyNameTheAgentReachesIsPresentWhereExpectedAndAbsentWhereDeclared() {
    List<String> problems = new ArrayList<>();
    for (ClassPath version : versions) {
      for (NamedMember member : ReachedByName.of(family())) {
        boolean expected = member.expectedIn(version.source());
        if (member.isIn(version) != expected) {
          problems.add(version.source().describe() + ": " + member.describe() + (expected ? " is missing"
              : " is present, but ReachedByName declares it absent in this version"));
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyLibraryNameWrittenInTheAgentIsInReachedByName() {
    Set<String> memberNames = new TreeSet<>();
    versions.forEach(version -> memberNames.addAll(version.memberNames(libraryClasses())));
    Set<String> declaredNames = new LinkedHashSet<>();
    Set<String> declaredClasses = new LinkedHashSet<>();
    for (NamedMember member : ReachedByName.of(family())) {
      declaredNames.add(member.name());
      declaredClasses.addAll(member.classNames());
    }
    Set<String> problems = new TreeSet<>();
    for (StringConstant constant : agent.strings()) {
      String value = constant.value();
      if (!concernsThisFamily(constant.from()) || ReachedByName.NOT_REACHED.containsKey(value)) {
        continue;
      }
      String from = constant.from().replace('/', '.');
      if (isLibraryClassName(value) && !declaredClasses.contains(value)) {
        problems.add("\"" + value + "\" in " + from + " names a " + family().readmeName()
            + " class that ReachedByName does not list");
      } else if (IDENTIFIER.matcher(value).matches() && memberNames.contains(value)
          && !declaredNames.contains(value)) {
        problems.add("\"" + value + "\" in " + from + " is the name of a " + family().readmeName()
            + " member that ReachedByName does not list (or, if it reaches none, list it in NOT_REACHED)");
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void everyNameInReachedByNameIsStillWrittenInTheAgent() {
    Set<String> strings = new LinkedHashSet<>();
    agent.strings().forEach(constant -> strings.add(constant.value()));
    Set<String> linked = new LinkedHashSet<>();
    agent.references().forEach(reference -> linked.add(reference.kind() == Kind.CLASS ? reference.owner()
        : reference.kind() + " " + reference.owner() + "." + reference.name()));
    List<String> stale = new ArrayList<>();
    for (NamedMember member : ReachedByName.of(family())) {
      boolean written = switch (member.kind()) {
        case TYPE -> strings.contains(member.owner().replace('/', '.')) || linked.contains(member.owner());
        case DECLARED_FIELD, FIELD -> strings.contains(member.name())
            || linked.contains(Kind.FIELD + " " + member.owner() + "." + member.name());
        case MATCHED_METHOD, PUBLIC_METHOD -> member.name().equals("<init>") || strings.contains(member.name())
            || linked.contains(Kind.METHOD + " " + member.owner() + "." + member.name());
      };
      if (!written) {
        stale.add(member.describe());
      }
    }
    assertTrue(stale.isEmpty(), "ReachedByName lists what no agent class names any more (renamed or removed in "
        + "the agent? update ReachedByName): " + stale);
  }

  private boolean isLibrary(String internalName) {
    return libraryClasses().stream().anyMatch(prefix -> prefix.endsWith("/") ? internalName.startsWith(prefix)
        : internalName.equals(prefix) || internalName.startsWith(prefix + "$"));
  }

  private boolean isLibraryClassName(String value) {
    return value.contains(".") && !value.endsWith(".") && isLibrary(value.replace('.', '/'));
  }

  /** Strings of this family's instrumentation package, or of code shared by several families. */
  private boolean concernsThisFamily(String agentClass) {
    String own = INSTRUMENTATION + family().name().toLowerCase(Locale.ROOT) + "/";
    String code = AgentClasses.codeOf(agentClass);
    return code.startsWith(own) || FAMILY_PACKAGES.stream().noneMatch(code::startsWith);
  }

  private static boolean resolves(ClassPath version, Reference reference) {
    return switch (reference.kind()) {
      case CLASS -> version.find(reference.owner()).isPresent();
      case FIELD -> version.hasField(reference.owner(), reference.name(), reference.descriptor());
      case METHOD -> version.hasMethod(reference.owner(), reference.name(), reference.descriptor());
    };
  }

  /**
   * The agent links it only where it checked first: ReachedByName declares the member, or the class (with its
   * nested classes), absent here.
   */
  private boolean absentByDesign(ClassSource source, Reference reference) {
    return ReachedByName.of(family()).stream().anyMatch(member -> !member.expectedIn(source)
        && (member.kind() == NamedMember.Kind.TYPE ? isSameOrNested(reference.owner(), member.owner())
            : member.owner().equals(reference.owner()) && member.name().equals(reference.name())));
  }

  private static boolean isSameOrNested(String type, String outer) {
    return type.equals(outer) || type.startsWith(outer + "$");
  }
}
