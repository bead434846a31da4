package io.httppool.testapps.compatibility;

import io.httppool.testapps.support.Jdk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The class files of a JDK's runtime image, read through its jrt file system: the running JDK's, or another
 * installed JDK's (its own jrt-fs.jar reads its image), so JDK internals are checked on every tested JDK without
 * starting it.
 */
final class JdkSource implements ClassSource {
  private final String name;
  private final int feature;
  private final List<Path> modules;

  private JdkSource(String name, int feature, FileSystem image) {
    this.name = name;
    this.feature = feature;
    try (Stream<Path> dirs = Files.list(image.getPath("/modules"))) {
      modules = dirs.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules of " + name, e);
    }
  }

  static JdkSource running() {
    return new JdkSource("JDK " + Runtime.version(), Runtime.version().feature(),
        FileSystems.getFileSystem(URI.create("jrt:/")));
  }

  /** The running JDK and Temurin 25 when installed: the JDKs the end-to-end tests run on. */
  static List<ClassSource> everyTestedJdk() {
    List<ClassSource> jdks = new ArrayList<>(List.of(running()));
    if (Jdk.TEMURIN_25.isPresent()) {
      jdks.add(installedAt(Jdk.TEMURIN_25.home(), "Temurin 25"));
    }
    return jdks;
  }

  /** Another JDK's image, e.g. Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64. */
  static JdkSource installedAt(Path javaHome, String name) {
    try {
      return new JdkSource(name, featureOf(javaHome),
          FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", javaHome.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the runtime image of " + javaHome, e);
    }
  }

  /** The JDK's feature release, 17 or 25: what {@link NamedMember#presentFromJdk} compares. */
  int feature() {
    return feature;
  }

  /** The feature release in the {@code JAVA_VERSION} line of the JDK's {@code release} file. */
  private static int featureOf(Path javaHome) throws IOException {
    for (String line : Files.readAllLines(javaHome.resolve("release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        return Runtime.Version.parse(line.substring("JAVA_VERSION=".length()).replace("\"", "")).feature();
      }
    }
    throw new IOException("no JAVA_VERSION in the release file of " + javaHome);
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public Optional<byte[]> classFile(String internalName) {
    for (Path module : modules) {
      Path file = module.resolve(internalName + ".class");
      if (Files.exists(file)) {
        try {
          return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public Stream<String> classesUnder(String packagePrefix) {
    return modules.stream().flatMap(module -> {
      Path dir = module.resolve(packagePrefix);
      if (!Files.isDirectory(dir)) {
        return Stream.empty();
      }
      try (Stream<Path> files = Files.walk(dir)) {
        return files.map(file -> module.relativize(file).toString())
            .filter(file -> file.endsWith(".class"))
            .map(file -> file.substring(0, file.length() - ".class".length())).toList().stream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
