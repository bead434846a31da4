package io.httppool.agent.instrumentation.apache5.linked;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which async builders may run on a shared engine: those whose settings that shape the reactor or the pooled
 * connections are the library's defaults. The reactor's ({@code ioReactorConfig}, {@code threadFactory}, the I/O
 * session listener, decorator and exception callback), the protocol handlers' ({@code h1Config}, {@code h2Config},
 * {@code charCodingConfig}, {@code reuseStrategy}, and {@code http.keepAlive} for a system-properties builder),
 * what a connection is opened with ({@code tlsConfig}, 5.0/5.1 {@code versionPolicy}), and the route planning
 * ({@code proxy}, {@code proxySelector}, {@code routePlanner}) put a client on a manager of its own, as before;
 * so does {@code setConnectionManagerShared(true)} without a manager, whose client never closes its manager. The
 * first client of each kind says why, once, at info.
 */
final class EngineSettings {
  private static final Logger log = LoggerFactory.getLogger(EngineSettings.class);
  private static final String[] OWN_ENGINE = {"ioReactorConfig", "threadFactory", "ioSessionListener",
      "ioSessionDecorator", "ioReactorExceptionCallback", "h1Config", "h2Config", "charCodingConfig",
      "reuseStrategy", "tlsConfig", "versionPolicy", "proxy", "proxySelector", "routePlanner"};

  private final Field[] ownEngine;
  private final Field managerShared;
  private final Field reactorConfig;
  private final Set<String> told = ConcurrentHashMap.newKeySet();

  EngineSettings() throws NoSuchFieldException {
    List<Field> present = new ArrayList<>();
    for (String name : OWN_ENGINE) {
      try {
        present.add(accessible(HttpAsyncClientBuilder.class.getDeclaredField(name)));
      } catch (NoSuchFieldException e) {
        // not in this version: a setting it does not have
      }
    }
    ownEngine = present.toArray(new Field[0]);
    managerShared = accessible(HttpAsyncClientBuilder.class.getDeclaredField("connManagerShared"));
    reactorConfig = accessible(HttpAsyncClientBuilder.class.getDeclaredField("ioReactorConfig"));
  }

  private static Field accessible(Field field) {
    field.setAccessible(true);
    return field;
  }

  /** Whether a builder without a manager of its own can run on the engine for its system-properties flag. */
  boolean interchangeable(HttpAsyncClientBuilder builder, boolean systemProperties) throws IllegalAccessException {
    for (Field field : ownEngine) {
      if (field.get(builder) != null) {
        return tell(field.getName());
      }
    }
    if (managerShared.getBoolean(builder)) {
      return tell("connManagerShared");
    }
    if (systemProperties && !"true".equalsIgnoreCase(System.getProperty("http.keepAlive", "true"))) {
      return tell("http.keepAlive");
    }
    return true;
  }

  private boolean tell(String setting) {
    if (told.add(setting)) {
      log.info("HttpClient 5.x async clients built with their own {} keep a connection manager and I/O reactor of "
          + "their own (with the agent's limits)", setting);
    }
    return false;
  }

  /** Gives the builder, for one build, a reactor configuration with no I/O threads; see {@link SharedAsyncEngines}. */
  void runNoIoThreads(HttpAsyncClientBuilder builder) throws IllegalAccessException {
    reactorConfig.set(builder, SharedAsyncEngines.NO_IO_THREADS);
  }

  void restoreReactorConfig(HttpAsyncClientBuilder builder) throws IllegalAccessException {
    reactorConfig.set(builder, null);
  }
}
