package io.httppool.agent.instrumentation.apache;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The TLS socket factories (4.x, 5.0 to 5.3) or TLS strategies (5.4 on) HttpClient made with its own default
 * settings ({@code getSocketFactory()}, {@code createDefault()}, {@code getDefault()}: the JDK's trust store, no
 * client certificate, the default hostname verifier) or the JVM's system settings ({@code getSystemSocketFactory()},
 * {@code createSystemDefault()}, {@code getSystemDefault()}). Two such factories of the same kind make
 * interchangeable connections even though each is a new object; the agent cannot tell that from any other factory,
 * so it notes them as they are made.
 */
public final class LibraryTlsFactories {
  public static final String DEFAULT = "library default TLS";
  public static final String SYSTEM = "library system TLS";

  private final Map<Object, String> kinds = Collections.synchronizedMap(new WeakHashMap<Object, String>());

  /** {@code method} is the name of the library's static method that made it. */
  public void made(Object factory, Object method) {
    if (factory != null) {
      kinds.put(factory, String.valueOf(method).contains("System") ? SYSTEM : DEFAULT);
    }
  }

  /** {@link #DEFAULT}, {@link #SYSTEM}, or null for a factory the application made itself. */
  public String kindOf(Object factory) {
    return kinds.get(factory);
  }
}
