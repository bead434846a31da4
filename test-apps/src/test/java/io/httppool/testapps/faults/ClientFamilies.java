package io.httppool.testapps.faults;

import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.Jdk;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The client families of the fault tests (see {@link FaultApp#client}) and the jar set each runs with. */
final class ClientFamilies {
  /** "" for the JDK's own client. */
  private static final Map<String, String> LIBRARIES = Map.of("okhttp", JarSet.OKHTTP4.dir(),
      "apache4", JarSet.APACHE45.dir(), "apache4-async", JarSet.APACHE4ASYNC415.dir(),
      "apache5", JarSet.APACHE55.dir(), "apache5-async", JarSet.APACHE55.dir(), "urlconnection", "", "jdkhttp", "");

  private ClientFamilies() {}

  /** Every family, in name order; {@code -Dfaults.families=jdkhttp,okhttp} only those (while working on one). */
  static TreeSet<String> all() {
    TreeSet<String> families = new TreeSet<>(LIBRARIES.keySet());
    String only = System.getProperty("faults.families", "");
    if (!only.isBlank()) {
      families.retainAll(List.of(only.split(",")));
    }
    return families;
  }

  /**
   * Whether the agent guards the family's idle connections against a server's keep-alive close (README, "Stale
   * keep-alive connections"): not the JDK's own client, whose pool stays inside the JDK (the agent shares the
   * client, not its connections).
   */
  static boolean staleGuarded(String family) {
    return !family.equals("jdkhttp");
  }

  /**
   * The name of the fault an exception type reports, for comparing runs: HttpClient 5's async client names a
   * connection the server closed {@code RequestNotExecutedException} (a subclass of
   * {@code ConnectionClosedException}) when it sees the close before it has written the request, and
   * {@code ConnectionClosedException} when after; which of the two happens is timing alone, with or without the
   * agent (both seen in runs without it).
   */
  static String faultName(String family, String exceptionType) {
    return family.equals("apache5-async") && exceptionType.equals("RequestNotExecutedException")
        ? "ConnectionClosedException" : exceptionType;
  }

  /** {@link #all()} but the families the agent does not guard. */
  static TreeSet<String> guardedFamilies() {
    TreeSet<String> guarded = all();
    guarded.removeIf(family -> !staleGuarded(family));
    return guarded;
  }

  /** A JDK 17 child JVM with the family's library on the class path, without the agent. */
  static ChildJvm childJvm(String family, String runName) {
    String libraries = LIBRARIES.get(family);
    if (libraries == null) {
      throw new IllegalArgumentException("unknown client family " + family);
    }
    ChildJvm jvm = ChildJvm.on(Jdk.JDK_17).name(runName);
    return libraries.isEmpty() ? jvm : jvm.libraries(libraries);
  }
}
