package io.httppool.agent.instrumentation.jdkhttp;

import io.httppool.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Http2ClientImpl.getConnectionFor(request, exchange)}: a future already completed with a
 * connection is a new stream on an open HTTP/2 connection, a reuse.
 */
public final class Http2ConnectionLookupAdvice {
  private Http2ConnectionLookupAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object request, @Advice.Return Object connection) {
    Dispatcher.run(JdkHttpInstrumentation.HTTP2_CONNECTION_FOUND, request, connection);
  }
}
