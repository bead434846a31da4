package io.httppool.testapps.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDKs a child JVM can run on. */
public enum Jdk {
  /** The JDK running the tests (the build's JDK 17). */
  JDK_17(Path.of(System.getProperty("java.home")), Runtime.version().feature()),
  TEMURIN_25(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), 25);

  private final Path home;
  private final int featureVersion;

  Jdk(Path home, int featureVersion) {
    this.home = home;
    this.featureVersion = featureVersion;
  }

  public Path home() {
    return home;
  }

  public Path javaExecutable() {
    return home.resolve("bin").resolve("java");
  }

  /** What {@code java.specification.version} reports on this JDK, e.g. 25. */
  public int featureVersion() {
    return featureVersion;
  }

  public boolean isPresent() {
    return Files.isExecutable(javaExecutable());
  }
}
