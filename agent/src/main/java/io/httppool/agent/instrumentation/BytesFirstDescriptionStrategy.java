package io.httppool.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Describes a class from its class file, also when it is already loaded (a retransformation), and the loaded
 * class only when no class file is found. Byte Buddy's default describes a loaded class by reflection, which
 * shows what the JVM lets reflection see: the OpenTelemetry Java agent adds interfaces to classes it keeps
 * virtual fields in (such as {@code sun.net.www.protocol.http.HttpURLConnection}) and hides them from
 * {@link Class#getInterfaces()}, so a retransformation written from the reflective view drops them and the JVM
 * refuses it ("attempted to change superclass or interfaces"). The class file read here is the one being
 * transformed, as the agents before this one left it.
 *
 * <p>Unlike Byte Buddy's {@code POOL_FIRST}, which reads the class file of every loaded class at install to
 * know whether it exists, the class file is read only when more than the name is asked: the agent's type
 * matchers are all by name, so at install only the classes it transforms are read.
 */
public final class BytesFirstDescriptionStrategy implements AgentBuilder.DescriptionStrategy {

  @Override
  public boolean isLoadedFirst() {
    return false;
  }

  @Override
  public TypeDescription apply(String name, Class<?> type, TypePool typePool,
      AgentBuilder.CircularityLock circularityLock, ClassLoader classLoader, JavaModule module) {
    if (type == null) {
      return typePool.describe(name).resolve();
    }
    return new ClassFileOrLoaded(name, type, typePool);
  }

  /** The class file's description, read on first use; the loaded class's when there is no class file. */
  static final class ClassFileOrLoaded extends TypeDescription.AbstractBase.OfSimpleType.WithDelegation {
    private final String name;
    private final Class<?> type;
    private final TypePool typePool;
    private volatile TypeDescription delegate;

    ClassFileOrLoaded(String name, Class<?> type, TypePool typePool) {
      this.name = name;
      this.type = type;
      this.typePool = typePool;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    protected TypeDescription delegate() {
      TypeDescription resolved = delegate;
      if (resolved == null) {
        TypePool.Resolution resolution = typePool.describe(name);
        resolved = resolution.isResolved() ? resolution.resolve() : TypeDescription.ForLoadedType.of(type);
        delegate = resolved;
      }
      return resolved;
    }
  }
}
