package io.httppool.agent.instrumentation.jdkhttp;

import io.httppool.bootstrap.Dispatcher;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the constructors of {@code PlainHttpConnection}, the TCP connection under every JDK connection (TLS
 * and tunnels wrap one): its channel, which tells when the connection is closed whichever way the JDK closes it.
 */
public final class PlainConnectionOpenedAdvice {
  private PlainConnectionOpenedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("chan") SocketChannel channel) {
    Dispatcher.run(JdkHttpInstrumentation.CHANNEL_OPENED, channel);
  }
}
