package io.httppool.agent.instrumentation;

import io.httppool.bootstrap.AgentStatus;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts classes the agent failed to transform (each is left untouched) and logs what it instrumented. */
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
}
