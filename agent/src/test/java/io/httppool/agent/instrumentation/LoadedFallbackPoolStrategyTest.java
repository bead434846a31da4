package io.httppool.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class LoadedFallbackPoolStrategyTest {
  /** Stands for an interface another agent generated: loaded, but no class file anywhere. */
  interface Injected {}

  static final class Transformed implements Injected {}

  @Test
  void anInterfaceWithoutClassFileIsDescribedFromTheLoadedClass() throws IOException {
    ClassFileLocator onlyTheTransformedClass = ClassFileLocator.Simple.of(Transformed.class.getName(),
        bytesOf(Transformed.class));
    ClassLoader loader = getClass().getClassLoader();

    TypeDescription type = new LoadedFallbackPoolStrategy().typePool(onlyTheTransformedClass, loader)
        .describe(Transformed.class.getName()).resolve();

    assertEquals(Injected.class.getName(), type.getInterfaces().asErasures().getOnly().getName());
    assertEquals(0, type.getInterfaces().asErasures().getOnly().getDeclaredMethods().size());
    // Byte Buddy's own fast pool cannot describe it
    TypeDescription plain = AgentBuilder.PoolStrategy.Default.FAST.typePool(onlyTheTransformedClass, loader)
        .describe(Transformed.class.getName()).resolve();
    assertThrows(TypePool.Resolution.NoSuchTypeException.class,
        () -> plain.getInterfaces().asErasures().getOnly().getDeclaredMethods());
  }

  @Test
  void aTypeNeitherFoundNorLoadedStaysUnresolved() {
    TypePool pool = new LoadedFallbackPoolStrategy().typePool(ClassFileLocator.NoOp.INSTANCE,
        getClass().getClassLoader());

    assertFalse(pool.describe("io.httppool.nowhere.Missing").isResolved());
  }

  private static byte[] bytesOf(Class<?> type) throws IOException {
    String name = type.getName();
    try (InputStream in = type.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        bytes.write(buffer, 0, read);
      }
      return bytes.toByteArray();
    }
  }
}
