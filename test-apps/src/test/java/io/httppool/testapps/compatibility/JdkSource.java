package io.httppool.testapps.compatibility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final List<Path> modules;

  private JdkSource(String name, FileSystem image) {
    this.name = name;
    try (Stream<Path> dirs = Files.list(image.getPath("/modules"))) {
      modules = dirs.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules of " + name, e);
    }
  }

  static JdkSource running() {
    return new JdkSource("JDK " + Runtime.version(), FileSystems.getFileSystem(URI.create("jrt:/")));
  }

  /** Another JDK's image, e.g. Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64. */
  static JdkSource installedAt(Path javaHome, String name) {
    try {
      return new JdkSource(name,
          FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", javaHome.toString())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the runtime image of " + javaHome, e);
    }
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
