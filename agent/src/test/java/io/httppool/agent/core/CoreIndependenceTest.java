package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code core} knows no metrics backend: no class of it refers to the {@code metrics} package or to OpenTelemetry.
 * Read from the compiled classes' constant pools, so that a fully qualified name in code counts as much as an
 * import.
 */
class CoreIndependenceTest {
  private static final String[] FORBIDDEN = {"io/httppool/agent/metrics/", "io/opentelemetry/"};

  @Test
  void coreRefersToNoMetricsBackend() throws IOException, URISyntaxException {
    Path core = Paths.get(Destination.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("io/httppool/agent/core");
    List<Path> classes;
    try (Stream<Path> files = Files.walk(core)) {
      classes = files.filter(file -> file.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertFalse(classes.isEmpty(), "no compiled core classes under " + core);
    List<String> violations = new ArrayList<>();
    for (Path file : classes) {
      for (String name : referencedNames(file)) {
        for (String forbidden : FORBIDDEN) {
          if (name.contains(forbidden)) {
            violations.add(core.relativize(file) + " refers to " + name);
          }
        }
      }
    }
    assertEquals(new ArrayList<String>(), violations);
  }

  @Test
  void theCheckSeesAReferenceToTheMetricsPackage() throws IOException {
    // PoolMetrics's own class file refers to core and OpenTelemetry: the reader must find both
    Path metrics;
    try {
      metrics = Paths.get(Destination.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .resolve("io/httppool/agent/metrics/PoolMetrics.class");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    TreeSet<String> names = referencedNames(metrics);
    assertTrue(names.stream().anyMatch(name -> name.contains("io/opentelemetry/")), names.toString());
    assertTrue(names.stream().anyMatch(name -> name.contains("io/httppool/agent/core/")), names.toString());
  }

  /** Every UTF-8 constant of a class file: class names, descriptors and signatures all live there. */
  private static TreeSet<String> referencedNames(Path classFile) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int index = 1; index < count; index++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1: // Utf8
            names.add(in.readUTF());
            break;
          case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
            in.readUnsignedShort();
            break;
          case 15: // MethodHandle
            in.readUnsignedByte();
            in.readUnsignedShort();
            break;
          case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
            in.readInt();
            break;
          case 5: case 6: // Long, Double take two entries
            in.readLong();
            index++;
            break;
          default:
            throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
        }
      }
    }
    return names;
  }
}
