package io.httppool.agent.instrumentation.apache;

import io.httppool.agent.instrumentation.HookBinder;

/**
 * A classic client's request, of either HttpClient version, from {@code doExecute} entry to its end: what the hook
 * that starts it hands the advice, and the advice hands back, as that hook's own target, to the one that ends it.
 */
public interface ClassicRequest {
  void finished(Object response, Throwable error);

  /** Binds {@code id}, the hook the advice calls as {@code doExecute} returns or throws, to the request it ends. */
  static void bindFinished(int id, String what) {
    new HookBinder<ClassicRequest>(request -> request instanceof ClassicRequest ? (ClassicRequest) request : null)
        .run(id, what, (request, sameRequest, response, error) -> request.finished(response, (Throwable) error));
  }
}
