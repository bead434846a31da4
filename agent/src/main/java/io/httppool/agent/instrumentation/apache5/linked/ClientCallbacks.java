package io.httppool.agent.instrumentation.apache5.linked;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's callbacks as a shared engine ({@link SharedAsyncEngines}) runs them. The library runs a client's exec
 * chain on whichever thread delivers its event: the thread that asked (a lease the pool served at once), or an
 * I/O thread. Without the agent those I/O threads are the client's own; on an engine they serve every client's
 * connections, and a failure escaping a client's callback there ends the thread and with it the I/O of every
 * connection it serves (the reactor ends the worker, and every later connection handed to it fails or waits). A
 * closed client's retry does that: a request whose connection fails after its client was closed (a request
 * cancelled once its headers arrived fails a second time when the engine's thread finds its connection closed) is
 * retried through the client's shut-down scheduler, which refuses it with a {@code RejectedExecutionException}.
 * So a failure on the thread that asked goes back to it, as without the agent; on any other thread it stops here
 * (logged at debug), and the thread goes on serving the other clients.
 */
abstract class ClientCallbacks {
  private static final Logger log = LoggerFactory.getLogger(ClientCallbacks.class);
  private volatile Thread asking;

  /** The current thread is about to ask the engine on the client's behalf: what the engine answers on it inline. */
  final void asking() {
    asking = Thread.currentThread();
  }

  final void answered() {
    asking = null;
  }

  final <T> void completed(FutureCallback<T> callback, T result, String name) {
    if (callback != null) {
      try {
        callback.completed(result);
      } catch (RuntimeException e) {
        threw(e, name);
      }
    }
  }

  final void failed(FutureCallback<?> callback, Exception failure, String name) {
    if (callback != null) {
      try {
        callback.failed(failure);
      } catch (RuntimeException e) {
        threw(e, name);
      }
    }
  }

  final void cancelled(FutureCallback<?> callback, String name) {
    if (callback != null) {
      try {
        callback.cancelled();
      } catch (RuntimeException e) {
        threw(e, name);
      }
    }
  }

  /** The client's {@code callback} threw: rethrown on the thread that asked, stopped on any other. */
  final void threw(RuntimeException failure, String callback) {
    if (Thread.currentThread() == asking) {
      throw failure;
    }
    log.debug("HttpClient 5.x async: {} of a client on the shared engine threw on {}; stopped there so that the "
        + "thread goes on serving the engine's other connections", callback, Thread.currentThread().getName(),
        failure);
  }
}
