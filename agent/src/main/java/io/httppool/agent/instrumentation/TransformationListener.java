package io.httppool.agent.instrumentation;

import io.httppool.bootstrap.AgentStatus;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts classes the agent failed to transform (each is left untouched) and logs what it instrumented. A class
 * loaded before the agent was installed is transformed when the JVM retransforms it; {@link Retransformation}
 * counts the classes of a retransformation the JVM refused, which this listener has already seen as transformed.
 */
public final class TransformationListener extends AgentBuilder.Listener.Adapter {
  private static final Logger log = LoggerFactory.getLogger(TransformationListener.class);

  @Override
  public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
      DynamicType dynamicType) {
    log.debug("instrumented {}", type.getName());
  }

  @Override
  public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    AgentStatus.transformationFailed(typeName, error);
  }

  /** Counts every class of a retransformation batch the JVM refused; nothing is retried. */
  public static final class Retransformation extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
    @Override
    public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
        List<Class<?>> types) {
      for (Class<?> type : batch) {
        AgentStatus.transformationFailed(batch.size() == 1 ? type.getName()
            : type.getName() + " (one of " + batch.size() + " classes retransformed together)", throwable);
      }
      return Collections.emptyList();
    }
  }
}
