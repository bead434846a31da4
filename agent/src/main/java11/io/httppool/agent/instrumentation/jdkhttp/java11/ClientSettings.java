package io.httppool.agent.instrumentation.jdkhttp.java11;

import io.httppool.agent.instrumentation.jdkhttp.JdkHttpSupport;
import java.net.ProxySelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Everything that makes one JDK client differ from another: two builds with equal settings can send through one
 * client. Objects the application hands over (authenticator, cookie handler, executor, SSL context, proxy selector)
 * count by identity; SSL parameters by value; the defaults the JDK resolves when a client is built
 * ({@code SSLContext.getDefault()}, {@code ProxySelector.getDefault()}, the {@code jdk.httpclient.*} properties)
 * belong to the settings as well.
 */
final class ClientSettings {
  private static final String[] JDK_PROPERTY_PREFIXES = {"jdk.httpclient.", "jdk.internal.httpclient."};

  /** By identity, in the order of {@link JdkHttpSupport}'s positions; resolved defaults at the end. */
  private final Object[] identities;
  /** By value: timeouts, redirect policy, version, priority, local address, SSL parameters, JDK properties. */
  private final List<Object> values;
  private final Executor executor;
  private final int hash;

  private ClientSettings(Object[] identities, List<Object> values, Executor executor) {
    this.identities = identities;
    this.values = values;
    this.executor = executor;
    int h = values.hashCode();
    for (Object identity : identities) {
      h = 31 * h + System.identityHashCode(identity);
    }
    this.hash = h;
  }

  /** The settings of a build, or a reason they cannot be shared. */
  static Object read(Object[] fields) throws Exception {
    Object executor = fields[JdkHttpSupport.EXECUTOR];
    if (executor instanceof ExecutorService && ((ExecutorService) executor).isShutdown()) {
      return "executor already shut down";
    }
    Object sslContext = fields[JdkHttpSupport.SSL_CONTEXT];
    Object proxy = fields[JdkHttpSupport.PROXY];
    Object[] identities = {fields[JdkHttpSupport.COOKIE_HANDLER], proxy, fields[JdkHttpSupport.AUTHENTICATOR],
        executor, sslContext,
        sslContext == null ? SSLContext.getDefault() : null,
        proxy == null ? ProxySelector.getDefault() : null};
    List<Object> values = new ArrayList<>();
    values.add(fields[JdkHttpSupport.CONNECT_TIMEOUT]);
    values.add(fields[JdkHttpSupport.FOLLOW_REDIRECTS]);
    values.add(fields[JdkHttpSupport.VERSION]);
    values.add(fields[JdkHttpSupport.PRIORITY]);
    values.add(fields[JdkHttpSupport.LOCAL_ADDRESS]);
    SSLParameters parameters = (SSLParameters) fields[JdkHttpSupport.SSL_PARAMETERS];
    if (parameters != null) {
      // null when the application set none
      Collection<?> sniMatchers = parameters.getSNIMatchers();
      if (parameters.getAlgorithmConstraints() != null || (sniMatchers != null && !sniMatchers.isEmpty())
          || parameters.getClass() != SSLParameters.class) {
        return "SSL parameters with algorithm constraints or SNI matchers";
      }
      values.add(sslParameterValues(parameters));
    } else {
      values.add(null);
    }
    values.add(jdkProperties());
    return new ClientSettings(identities, values, (Executor) executor);
  }

  /**
   * SSL parameters as values. Only the getters JDK 11 has are read; a JDK 19+ caller that sets signature schemes or
   * named groups is told apart by {@link #laterSslParameters}.
   */
  private static List<Object> sslParameterValues(SSLParameters p) throws Exception {
    List<Object> values = new ArrayList<>(Arrays.asList(list(p.getCipherSuites()), list(p.getProtocols()),
        p.getWantClientAuth(), p.getNeedClientAuth(), p.getEndpointIdentificationAlgorithm(), p.getServerNames(),
        p.getUseCipherSuitesOrder(), p.getEnableRetransmissions(), p.getMaximumPacketSize(),
        list(p.getApplicationProtocols())));
    values.add(laterSslParameters(p));
    return values;
  }

  /** {@code getSignatureSchemes()} and {@code getNamedGroups()} (JDK 19, 20): empty on a JDK without them. */
  private static List<Object> laterSslParameters(SSLParameters p) throws Exception {
    List<Object> values = new ArrayList<>();
    for (String getter : new String[] {"getSignatureSchemes", "getNamedGroups"}) {
      try {
        values.add(list((String[]) SSLParameters.class.getMethod(getter).invoke(p)));
      } catch (NoSuchMethodException older) {
        values.add(null);
      }
    }
    return values;
  }

  private static List<String> list(String[] array) {
    return array == null ? null : Arrays.asList(array);
  }

  /**
   * Read on every build, so without copying the system properties ({@code stringPropertyNames()} copied them all
   * and was most of the cost of a build): their map is concurrent and safe to walk while others change it.
   */
  private static Map<String, String> jdkProperties() {
    Map<String, String> found = Collections.emptyMap();
    for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
      Object name = property.getKey();
      if (name instanceof String && property.getValue() instanceof String && isJdkClientProperty((String) name)) {
        if (found.isEmpty()) {
          found = new TreeMap<>();
        }
        found.put((String) name, (String) property.getValue());
      }
    }
    return found;
  }

  private static boolean isJdkClientProperty(String name) {
    for (String prefix : JDK_PROPERTY_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The executor the application gave the client, or null for the JDK's own. */
  Executor executor() {
    return executor;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ClientSettings)) {
      return false;
    }
    ClientSettings that = (ClientSettings) other;
    if (hash != that.hash || !values.equals(that.values)) {
      return false;
    }
    for (int i = 0; i < identities.length; i++) {
      if (identities[i] != that.identities[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "jdkhttp client " + Objects.toString(values.get(2)) + " " + Integer.toHexString(hash);
  }
}
