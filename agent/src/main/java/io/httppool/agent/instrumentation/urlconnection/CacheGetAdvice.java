package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.AgentStatus;
import io.httppool.bootstrap.Dispatcher;
import io.httppool.bootstrap.JdkHttpInternals;
import java.lang.reflect.Method;
import java.net.URL;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code KeepAliveCache.get(URL, Object)}, after the cache has released its lock and removed the
 * client from its list. The stale-connection guard looks at the client; one it refuses is closed and the next
 * cached one is taken, until one passes or none is left (the JDK then opens a new connection). Then an https
 * connection verified under another kind of {@code HostnameVerifier} goes back to the cache, and the request
 * gets a new connection (the JDK would reuse it without checking the host name again).
 */
public final class CacheGetAdvice {
  private CacheGetAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object cache, @Advice.Argument(0) URL url, @Advice.Argument(1) Object key,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object client) {
    Method cacheGet = JdkHttpInternals.cacheGet();
    Method closeServer = JdkHttpInternals.clientCloseServer();
    if (client != null && cacheGet != null && closeServer != null
        && Dispatcher.test(UrlConnectionInstrumentation.GUARD_STARTING, false, null)) {
      try {
        while (client != null && !Dispatcher.test(UrlConnectionInstrumentation.MAY_REUSE_CACHED, true, client)) {
          closeServer.invoke(client);
          client = null;
          client = cacheGet.invoke(cache, url, key);
        }
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection stale guard", t);
      } finally {
        Dispatcher.run(UrlConnectionInstrumentation.GUARD_ENDED);
      }
    }
    Method cachePut = JdkHttpInternals.cachePut();
    if (client != null && key != null && cachePut != null
        && !Dispatcher.test(UrlConnectionInstrumentation.CACHED_CLIENT_USABLE, true, client)) {
      try {
        cachePut.invoke(cache, url, key, client);
        client = null;
      } catch (Throwable t) {
        AgentStatus.adviceFailed("urlconnection drain", t);
      }
    }
  }
}
