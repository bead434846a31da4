package io.httppool.testapps.families;

import io.httppool.testapps.support.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Every tested version of a client library: one jar set per version line, copied by the build into
 * {@code target/libs/<dir>} (see the maven-dependency-plugin executions in test-apps/pom.xml), with the library's
 * version read from the same POM properties. The static methods feed {@code @MethodSource}: a test parameterized
 * by version runs on every set of its family, so a version added here is tested everywhere at once.
 */
public enum JarSet {
  OKHTTP3(ClientFamily.OKHTTP, "okhttp3"),
  OKHTTP4(ClientFamily.OKHTTP, "okhttp4"),
  OKHTTP5(ClientFamily.OKHTTP, "okhttp5"),
  OKHTTP55(ClientFamily.OKHTTP, "okhttp55"),
  APACHE43(ClientFamily.APACHE4, "apache43"),
  APACHE44(ClientFamily.APACHE4, "apache44"),
  APACHE45(ClientFamily.APACHE4, "apache45"),
  APACHE4ASYNC41(ClientFamily.APACHE4ASYNC, "apache4async41"),
  APACHE4ASYNC415(ClientFamily.APACHE4ASYNC, "apache4async415"),
  APACHE50(ClientFamily.APACHE5, "apache50"),
  APACHE52(ClientFamily.APACHE5, "apache52"),
  APACHE55(ClientFamily.APACHE5, "apache55"),
  APACHE56(ClientFamily.APACHE5, "apache56");

  private static final Properties VERSIONS = versions();

  private final ClientFamily family;
  private final String dir;

  JarSet(ClientFamily family, String dir) {
    this.family = family;
    this.dir = dir;
  }

  public ClientFamily family() {
    return family;
  }

  /** The directory name under {@code target/libs}, which is also how runs and reports name the set. */
  public String dir() {
    return dir;
  }

  public Path path() {
    return TestPaths.libsDir().resolve(dir);
  }

  /** The client library's own version, e.g. {@code 4.12.0} (the set's other jars are its dependencies). */
  public String version() {
    String version = VERSIONS.getProperty(dir);
    if (version == null || version.startsWith("${")) {
      throw new IllegalStateException("no version for jar set " + dir + " in jar-sets.properties (" + version
          + "): is the file filtered by the build and the property defined in test-apps/pom.xml?");
    }
    return version;
  }

  @Override
  public String toString() {
    return dir;
  }

  public static List<JarSet> of(ClientFamily family) {
    return Arrays.stream(values()).filter(set -> set.family == family).toList();
  }

  /** The sets whose library is at least {@code oldest}'s version line, within its family. */
  public static List<JarSet> from(JarSet oldest) {
    return of(oldest.family).stream().filter(set -> set.ordinal() >= oldest.ordinal()).toList();
  }

  /** Every OkHttp set's directory name, for {@code @MethodSource("io.httppool.testapps.families.JarSet#okhttp")}. */
  public static Stream<String> okhttp() {
    return dirs(of(ClientFamily.OKHTTP));
  }

  public static Stream<String> apache4() {
    return dirs(of(ClientFamily.APACHE4));
  }

  public static Stream<String> apache4async() {
    return dirs(of(ClientFamily.APACHE4ASYNC));
  }

  public static Stream<String> apache5() {
    return dirs(of(ClientFamily.APACHE5));
  }

  /** HttpClient 5.2 and later: the async manager that discards a closed connection only at lease time. */
  public static Stream<String> apache5From52() {
    return dirs(from(APACHE52));
  }

  private static Stream<String> dirs(List<JarSet> sets) {
    return sets.stream().map(JarSet::dir);
  }

  private static Properties versions() {
    Properties versions = new Properties();
    try (InputStream in = JarSet.class.getResourceAsStream("jar-sets.properties")) {
      if (in == null) {
        throw new IllegalStateException("jar-sets.properties is not on the test class path");
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return versions;
  }
}
