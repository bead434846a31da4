package io.httppool.agent.instrumentation.okhttp;

import io.httppool.agent.AgentContext;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.bootstrap.OkHttpBridge;

/** Routes each OkHttp hook to the support linked to the OkHttp copy the calling object comes from. */
final class OkHttpHooks implements OkHttpBridge.Hooks {
  private final LibraryLinker<OkHttpSupport> linker;

  OkHttpHooks(AgentContext context) {
    linker = new LibraryLinker<>(OkHttpSupport.class,
        "io.httppool.agent.instrumentation.okhttp.linked.LinkedOkHttpSupport", context);
  }

  @Override
  public void clientCreating(Object builder) {
    OkHttpSupport support = linker.forObject(builder);
    if (support != null) {
      support.clientCreating(builder);
    }
  }

  @Override
  public boolean mayReuse(Object connection) {
    OkHttpSupport support = linker.forObject(connection);
    return support == null || support.mayReuse(connection);
  }

  @Override
  public void poolChosen(Object pool) {
    OkHttpSupport support = linker.forObject(pool);
    if (support != null) {
      support.poolChosen(pool);
    }
  }
}
