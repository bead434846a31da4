package io.httppool.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class BytesFirstDescriptionStrategyTest {
  interface Marker {}

  /** Loaded without interfaces; the class file handed to the transformer says otherwise. */
  static final class Loaded {}

  static final class WithMarker implements Marker {}

  @Test
  void aLoadedClassIsDescribedFromItsClassFileAndOnlyWhenMoreThanTheNameIsAsked() throws IOException {
    AtomicInteger reads = new AtomicInteger();
    // the class file of Loaded as another agent rewrote it: it now implements Marker
    byte[] rewritten = new ByteBuddy().redefine(Loaded.class).implement(Marker.class).make().getBytes();
    ClassFileLocator locator = new ClassFileLocator() {
      @Override
      public Resolution locate(String name) throws IOException {
        reads.incrementAndGet();
        return name.equals(Loaded.class.getName()) ? new Resolution.Explicit(rewritten)
            : ClassFileLocator.ForClassLoader.of(getClass().getClassLoader()).locate(name);
      }

      @Override
      public void close() {}
    };
    TypePool pool = new LoadedFallbackPoolStrategy().typePool(locator, getClass().getClassLoader());

    TypeDescription type = new BytesFirstDescriptionStrategy().apply(Loaded.class.getName(), Loaded.class, pool,
        null, getClass().getClassLoader(), null);

    assertEquals(Loaded.class.getName(), type.getName());
    assertEquals(0, reads.get(), "the name alone reads no class file");
    assertEquals(Marker.class.getName(), type.getInterfaces().asErasures().getOnly().getName());
  }

  @Test
  void aLoadedClassWithoutClassFileIsDescribedByReflection() {
    TypePool pool = new LoadedFallbackPoolStrategy().typePool(ClassFileLocator.NoOp.INSTANCE, null);

    TypeDescription type = new BytesFirstDescriptionStrategy().apply(WithMarker.class.getName(), WithMarker.class,
        pool, null, getClass().getClassLoader(), null);

    assertEquals(Marker.class.getName(), type.getInterfaces().asErasures().getOnly().getName());
  }
}
