package io.httppool.agent;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.httppool.agent.core.SocketReadiness;
import io.httppool.agent.instrumentation.BytesFirstDescriptionStrategy;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.LoadedFallbackPoolStrategy;
import io.httppool.agent.instrumentation.TransformationListener;
import io.httppool.bootstrap.AgentStatus;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one class file transformer. A client family is installed (its Byte Buddy transformations built, the
 * shared core started with the first) only when the JVM loads the first class named with one of the family's
 * prefixes; until then a class load costs a few prefix comparisons, and an application that uses no HTTP client
 * never loads Byte Buddy or the OpenTelemetry SDK. A family whose install loads the JDK classes it transforms
 * ({@code java.net.http}) is installed instead when an application class that mentions them is loaded, before it
 * runs: installing while the JDK loads one of them would load that class a second time.
 *
 * <p>The class that triggers the install is transformed in the same call. Classes of the family already loaded
 * (before premain, or by the install itself) are retransformed on a short-lived thread: the JVM does not call
 * transformers for a class loaded, or retransformed, from inside a transformer on the same thread.
 */
final class FamilyActivation implements ClassFileTransformer {
  private static final Logger log = LoggerFactory.getLogger(FamilyActivation.class);
  /** How long a class load waits for the family's loaded classes to be retransformed before it goes on. */
  private static final long RETRANSFORM_WAIT_SECONDS = 10;

  private final Instrumentation instrumentation;
  private final AgentCore core;
  private final ClassLoader agentLoader = FamilyActivation.class.getClassLoader();
  /** The loader of the JDK's modules outside java.base (the extension loader on JDK 8). */
  private final ClassLoader jdkLoader = ClassLoader.getSystemClassLoader().getParent();
  private final Family[] families;

  FamilyActivation(Instrumentation instrumentation, AgentCore core, List<InstrumentationModule> modules) {
    this.instrumentation = instrumentation;
    this.core = core;
    this.families = new Family[modules.size()];
    for (int i = 0; i < families.length; i++) {
      families[i] = new Family(modules.get(i));
    }
  }

  /** Registers the transformer and installs at once every family that has a class loaded already. */
  void install() {
    instrumentation.addTransformer(this, true);
    Class<?>[] loaded = instrumentation.getAllLoadedClasses();
    for (Family family : families) {
      for (Class<?> type : loaded) {
        if (type.getClassLoader() != agentLoader && family.names(type.getName().replace('.', '/'))) {
          activate(family);
          break;
        }
      }
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null || loader == agentLoader) {
      return null;
    }
    for (Family family : families) {
      if (family.names(internalName)) {
        ClassFileTransformer transformer = family.transformer;
        if (transformer == null && family.references.length == 0) {
          transformer = activate(family);
        }
        return transformer == null ? null
            : transformer.transform(loader, internalName, classBeingRedefined, protectionDomain, classFile);
      }
      if (family.transformer == null && family.references.length > 0 && loader != null && loader != jdkLoader
          && family.referencedIn(classFile)) {
        activate(family);
      }
    }
    return null;
  }

  // one lock per family: a retransformation that loads a class of another family installs that one meanwhile
  private ClassFileTransformer activate(Family family) {
    synchronized (family) {
      if (family.transformer != null || family.failed) {
        return family.transformer;
      }
      try {
        SocketReadiness.enable(instrumentation);
        family.transformer = family.module.extend(ByteBuddySetup.agentBuilder(), core.context()).makeRaw();
        retransformLoaded(family);
        log.debug("{} installed", family.module.client().id());
      } catch (Throwable t) {
        family.failed = true;
        log.warn("{} is left alone: its instrumentation could not be installed ({})", family.module.client().id(),
            t.toString());
      }
      return family.transformer;
    }
  }

  private void retransformLoaded(Family family) throws InterruptedException {
    final List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (type.getClassLoader() != agentLoader && family.names(type.getName().replace('.', '/'))
          && instrumentation.isModifiableClass(type)) {
        loaded.add(type);
      }
    }
    if (loaded.isEmpty()) {
      return;
    }
    // on a thread of its own: the JVM does not call transformers for a retransformation asked for inside a
    // transformer on the same thread
    Thread retransformer = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (Throwable t) {
          // a batch the JVM refuses stays untouched: count its classes
          for (Class<?> type : loaded) {
            AgentStatus.transformationFailed(loaded.size() == 1 ? type.getName()
                : type.getName() + " (one of " + loaded.size() + " classes retransformed together)", t);
          }
        }
      }
    }, "httppool-retransform");
    retransformer.setDaemon(true);
    retransformer.start();
    retransformer.join(TimeUnit.SECONDS.toMillis(RETRANSFORM_WAIT_SECONDS));
    if (retransformer.isAlive()) {
      log.debug("{}: classes loaded before its install are still being retransformed",
          family.module.client().id());
    }
  }

  /** Apart, so that verifying this class at premain loads no Byte Buddy type. */
  private static final class ByteBuddySetup {
    static AgentBuilder agentBuilder() {
      // advice only rewrites the methods a class declares: no method graph over its hierarchy (each super type
      // parsed), no bridges, and the class file visited as it is rather than rebuilt (a third off the first
      // request of a family)
      return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED)
              .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
              .with(VisibilityBridgeStrategy.Default.NEVER)
              .with(InstrumentedType.Factory.Default.FROZEN))
          .with(AgentBuilder.TypeStrategy.Default.DECORATE)
          .disableClassFormatChanges()
          .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
          // describe a class from the bytes being transformed, not by reflection on the loaded class: another agent
          // (the OpenTelemetry agent) may have added interfaces at load and hide them from reflection, and a
          // retransformation written from the reflective view would drop them, which the JVM refuses; the types
          // such an agent injects have no class file to read, so a type found nowhere else is looked up loaded
          .with(new BytesFirstDescriptionStrategy())
          .with(new LoadedFallbackPoolStrategy())
          .with(new TransformationListener())
          .ignore(nameStartsWith("io.httppool.").or(nameStartsWith("net.bytebuddy.")).or(isSynthetic()),
              is(FamilyActivation.class.getClassLoader()));
    }
  }

  private static final class Family {
    final InstrumentationModule module;
    final String[] internalPrefixes;
    final byte[][] references;
    volatile ClassFileTransformer transformer;
    boolean failed;

    Family(InstrumentationModule module) {
      this.module = module;
      String[] referenced = module.installWhenReferenced();
      references = new byte[referenced.length][];
      for (int i = 0; i < referenced.length; i++) {
        references[i] = referenced[i].getBytes(StandardCharsets.US_ASCII);
      }
      String[] prefixes = module.classNamePrefixes();
      internalPrefixes = new String[prefixes.length];
      for (int i = 0; i < prefixes.length; i++) {
        internalPrefixes[i] = prefixes[i].replace('.', '/');
      }
    }

    /** Whether the class file mentions one of the family's referenced names (in its constant pool). */
    boolean referencedIn(byte[] classFile) {
      for (byte[] name : references) {
        if (indexOf(classFile, name) >= 0) {
          return true;
        }
      }
      return false;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
      byte first = part[0];
      for (int i = 0, last = bytes.length - part.length; i <= last; i++) {
        if (bytes[i] == first) {
          int j = 1;
          while (j < part.length && bytes[i + j] == part[j]) {
            j++;
          }
          if (j == part.length) {
            return i;
          }
        }
      }
      return -1;
    }

    boolean names(String internalName) {
      for (String prefix : internalPrefixes) {
        if (internalName.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}
