package io.httppool.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's fast type pool, except that a type whose class file cannot be found is described from its loaded
 * class, if it is loaded. Such types are the ones another agent generates and injects, like the interfaces the
 * OpenTelemetry Java agent adds to the classes it keeps virtual fields in (such as
 * {@code sun.net.www.protocol.http.HttpURLConnection}): Byte Buddy must describe a class's interfaces to transform
 * it, and without this the class would be left untouched. Types with a class file are read from it as before.
 */
public final class LoadedFallbackPoolStrategy implements AgentBuilder.PoolStrategy {

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    return new TypePool.Default.WithLazyResolution(new LoadedFallbackCache(classLoader), classFileLocator,
        TypePool.Default.ReaderMode.FAST);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
    return typePool(classFileLocator, classLoader);
  }

  /**
   * The pool files every class file it read, or failed to find, here; a failure is replaced by the loaded class.
   * Only a name no class file answers for is looked up with {@link Class#forName(String, boolean, ClassLoader)},
   * without initializing it.
   */
  static final class LoadedFallbackCache extends TypePool.CacheProvider.Simple {
    private final ClassLoader classLoader;

    LoadedFallbackCache(ClassLoader classLoader) {
      this.classLoader = classLoader;
      super.register(Object.class.getName(),
          new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(Object.class)));
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (resolution.isResolved()) {
        return super.register(name, resolution);
      }
      try {
        Class<?> loaded = Class.forName(name, false, classLoader);
        return super.register(name, new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(loaded)));
      } catch (ClassNotFoundException | LinkageError notThere) {
        return super.register(name, resolution);
      }
    }
  }
}
