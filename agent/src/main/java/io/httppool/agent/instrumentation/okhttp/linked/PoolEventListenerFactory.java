package io.httppool.agent.instrumentation.okhttp.linked;

import io.httppool.agent.core.CallTracer;
import okhttp3.Call;
import okhttp3.EventListener;

/** Creates, for each call, the pool listener in front of the listener the application's factory creates. */
final class PoolEventListenerFactory implements EventListener.Factory {
  private final EventListener.Factory applicationFactory;
  private final CallTracer tracer;

  PoolEventListenerFactory(EventListener.Factory applicationFactory, CallTracer tracer) {
    this.applicationFactory = applicationFactory;
    this.tracer = tracer;
  }

  @Override
  public EventListener create(Call call) {
    EventListener application = applicationFactory == null ? EventListener.NONE : applicationFactory.create(call);
    return new PoolEventListener(application, tracer.newCall());
  }
}
