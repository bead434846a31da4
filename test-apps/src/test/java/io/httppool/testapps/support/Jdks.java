package io.httppool.testapps.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** For parameterized tests: {@code @MethodSource("io.httppool.testapps.support.Jdks#available")}. */
public final class Jdks {

  private Jdks() {
  }

  /** JDK 17 always; the others when installed on this machine. */
  public static List<Jdk> available() {
    return Arrays.stream(Jdk.values()).filter(Jdk::isPresent).toList();
  }

  /** The installed JDKs other than the build's, for checks that already run on the build's JDK elsewhere. */
  public static List<Jdk> otherThanTheBuilds() {
    return available().stream().filter(jdk -> jdk != Jdk.JDK_17).toList();
  }

  /** Every installed JDK, each over plain HTTP and over TLS: {@code (Jdk, boolean tls)}. */
  public static List<Arguments> everyJdkAndTransport() {
    List<Arguments> runs = new ArrayList<>();
    for (Jdk jdk : available()) {
      runs.add(Arguments.of(jdk, false));
      runs.add(Arguments.of(jdk, true));
    }
    return runs;
  }
}
