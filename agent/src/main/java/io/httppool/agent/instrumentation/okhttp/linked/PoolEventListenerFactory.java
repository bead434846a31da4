package io.httppool.agent.instrumentation.okhttp.linked;

import okhttp3.Call;
import okhttp3.EventListener;

/** Creates, for each call, the pool listener in front of the listener the application's factory creates. */
final class PoolEventListenerFactory implements EventListener.Factory {
  private final EventListener.Factory applicationFactory;
  private final CallTracing tracing;

  PoolEventListenerFactory(EventListener.Factory applicationFactory, CallTracing tracing) {
    this.applicationFactory = applicationFactory;
    this.tracing = tracing;
  }

  @Override
  public EventListener create(Call call) {
    EventListener application = applicationFactory == null ? EventListener.NONE : applicationFactory.create(call);
    return new PoolEventListener(application, tracing);
  }
}
