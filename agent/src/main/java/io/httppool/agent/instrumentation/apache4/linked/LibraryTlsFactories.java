package io.httppool.agent.instrumentation.apache4.linked;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The TLS socket factories HttpClient made with its own default settings ({@code getSocketFactory()}: the JDK's
 * trust store, no client certificate, the default hostname verifier) or the JVM's system settings
 * ({@code getSystemSocketFactory()}). Two such factories of the same kind make interchangeable connections even
 * though each is a new object; the agent cannot tell that from any other factory, so it notes them as they are made.
 */
final class LibraryTlsFactories {
  static final String DEFAULT = "library default TLS";
  static final String SYSTEM = "library system TLS";

  private final Map<Object, String> kinds = Collections.synchronizedMap(new WeakHashMap<Object, String>());

  void made(Object factory, Object method) {
    if (factory != null) {
      kinds.put(factory, "getSystemSocketFactory".equals(method) ? SYSTEM : DEFAULT);
    }
  }

  /** {@link #DEFAULT}, {@link #SYSTEM}, or null for a factory the application made itself. */
  String kindOf(Object factory) {
    return kinds.get(factory);
  }
}
