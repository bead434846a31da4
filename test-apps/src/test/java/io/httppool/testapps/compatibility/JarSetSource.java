package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.JarSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The jars of one tested version, as an application class loader sees them: isolated from the test's own class
 * path (its parent is the platform loader), so nothing of another version can answer for a missing class.
 */
final class JarSetSource implements ClassSource, AutoCloseable {
  private final JarSet set;
  private final List<Path> jars;
  private final URLClassLoader loader;

  JarSetSource(JarSet set) {
    this.set = set;
    try (Stream<Path> files = Files.list(set.path())) {
      jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list jar set " + set + " in " + set.path(), e);
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("no jars in " + set.path());
    }
    loader = new URLClassLoader(jars.stream().map(JarSetSource::url).toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
  }

  JarSet set() {
    return set;
  }

  @Override
  public String describe() {
    return set.family().readmeName() + " " + set.version() + " (jar set " + set + ")";
  }

  @Override
  public Optional<byte[]> classFile(String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Stream<String> classesUnder(String packagePrefix) {
    List<String> names = new ArrayList<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile())) {
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
          String name = entries.nextElement().getName();
          if (name.startsWith(packagePrefix) && name.endsWith(".class") && !name.endsWith("module-info.class")) {
            names.add(name.substring(0, name.length() - ".class".length()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + jar, e);
      }
    }
    return names.stream();
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(jar.toString(), e);
    }
  }
}
