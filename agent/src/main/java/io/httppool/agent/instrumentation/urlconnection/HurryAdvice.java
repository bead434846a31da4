package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.Dispatcher;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code sun.net.www.http.KeepAliveStream.hurry()}, which buffers a known-length body only when all
 * of it has already arrived. When the agent calls it for a small response ({@link ResponseAdvice}) and the body
 * is still arriving, it waits a short while for the rest and then leaves the stream as {@code hurry()} would have:
 * its source replaced by the buffered bytes and marked hurried. If the rest does not come in time, the source
 * becomes the bytes read so far followed by the original source, and the connection stays with the application.
 * Either way the application's stream objects, their byte count and what they return are unchanged.
 */
public final class HurryAdvice {
  private HurryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) boolean buffered,
      @Advice.FieldValue(value = "in", readOnly = false) InputStream in,
      @Advice.FieldValue(value = "hurried", readOnly = false) boolean hurried,
      @Advice.FieldValue("closed") boolean closed, @Advice.FieldValue("expected") long expected,
      @Advice.FieldValue("count") long count, @Advice.FieldValue("hc") Object client) {
    if (buffered || closed || count >= expected || in == null) {
      return;
    }
    // null unless the agent's own hurry() call asked to wait (ResponseAdvice); a ByteArrayInputStream is all of it
    InputStream awaited = (InputStream) Dispatcher.call(UrlConnectionInstrumentation.AWAIT_BODY, null, client, in, expected - count);
    if (awaited != null) {
      in = awaited;
      if (awaited instanceof ByteArrayInputStream) {
        hurried = true;
        buffered = true;
      }
    }
  }
}
