package io.httppool.agent.instrumentation.urlconnection;

import io.httppool.bootstrap.UrlConnectionBridge;
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
    if (client != null && UrlConnectionBridge.guardStarting()) {
      try {
        while (client != null && !UrlConnectionBridge.mayReuseCached(client)) {
          UrlConnectionBridge.clientCloseServer().invoke(client);
          client = null;
          client = UrlConnectionBridge.cacheGet().invoke(cache, url, key);
        }
      } catch (Throwable t) {
        UrlConnectionBridge.guardFailed(t);
      } finally {
        UrlConnectionBridge.guardEnded();
      }
    }
    if (client != null && key != null && !UrlConnectionBridge.cachedClientUsable(client)) {
      try {
        UrlConnectionBridge.cachePut().invoke(cache, url, key, client);
        client = null;
      } catch (Throwable t) {
        UrlConnectionBridge.drainFailed(t);
      }
    }
  }
}
