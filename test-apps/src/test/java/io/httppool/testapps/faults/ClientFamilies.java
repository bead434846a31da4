package io.httppool.testapps.faults;

import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.support.ChildJvm;
import io.httppool.testapps.support.Jdk;
import java.util.Map;
import java.util.TreeSet;

/** The client families of the fault tests (see {@link FaultApp#client}) and the jar set each runs with. */
final class ClientFamilies {
  /** "" for the JDK's own client. */
  private static final Map<String, String> LIBRARIES = Map.of("okhttp", JarSet.OKHTTP4.dir(),
      "apache4", JarSet.APACHE45.dir(), "apache4-async", JarSet.APACHE4ASYNC415.dir(),
      "apache5", JarSet.APACHE55.dir(), "apache5-async", JarSet.APACHE55.dir(), "urlconnection", "");

  private ClientFamilies() {}

  /** Every family, in name order. */
  static TreeSet<String> all() {
    return new TreeSet<>(LIBRARIES.keySet());
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
