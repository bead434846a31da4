package io.httppool.agent.instrumentation.okhttp;

/** Implemented by code linked to one application's copy of OkHttp; called through the hooks bound in {@link OkHttpInstrumentation}. */
public interface OkHttpSupport {
  void clientCreating(Object builder);

  void poolChosen(Object pool);

  boolean mayReuse(Object connection);
}
