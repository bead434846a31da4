package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.apache.IdentityKey;
import io.httppool.agent.instrumentation.apache.LibraryRetry;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.apache.http.impl.client.DefaultHttpRequestRetryHandler;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * The private fields of {@code HttpClientBuilder} that decide how its default connection manager is made. Their
 * names differ between 4.3, 4.4 and 4.5 (see the notes); a field a version lacks is simply not part of the key.
 */
final class BuilderFields {
  /** Objects that have no value equality (TLS contexts, factories, verifiers, resolvers): compared by identity. */
  private static final String[] IDENTITY_FIELDS = {
      "sslSocketFactory", "sslcontext", "sslContext", "hostnameVerifier", "publicSuffixMatcher", "dnsResolver"};
  /** Plain configuration objects without equals(); their toString() lists every field, so it is their value. */
  private static final String[] VALUE_FIELDS = {
      "defaultSocketConfig", "defaultConnectionConfig", "connTimeToLive", "connTimeToLiveTimeUnit"};
  private static final String[] SYSTEM_PROPERTIES = {
      "https.protocols", "https.cipherSuites", "http.keepAlive", "http.maxConnections"};

  final Field connManager;
  final Field connManagerShared;
  final Field connTimeToLive;
  final Field connTimeToLiveTimeUnit;
  private final Field systemProperties;
  private final Field retryHandler;
  private final Field automaticRetriesDisabled;
  /** Null before 4.5, whose builders make their cookie specs another way. */
  final DefaultCookieSpecs defaultCookieSpecs;
  private final List<Field> identityFields = new ArrayList<>();
  private final List<Field> valueFields = new ArrayList<>();
  /** The key fields of a builder nobody set any of them on, and the key they make (most builders' key). */
  private final Object[] untouched;
  private final List<Object> untouchedKey;

  BuilderFields() throws NoSuchFieldException {
    connManager = field("connManager");
    if (connManager == null) {
      throw new NoSuchFieldException("HttpClientBuilder.connManager: an HttpClient version the agent does not know");
    }
    connManagerShared = field("connManagerShared");
    connTimeToLive = field("connTimeToLive");
    connTimeToLiveTimeUnit = field("connTimeToLiveTimeUnit");
    systemProperties = field("systemProperties");
    retryHandler = field("retryHandler");
    automaticRetriesDisabled = field("automaticRetriesDisabled");
    defaultCookieSpecs = DefaultCookieSpecs.of(field("cookieSpecRegistry"), field("publicSuffixMatcher"));
    for (String name : IDENTITY_FIELDS) {
      addIfPresent(identityFields, name);
    }
    for (String name : VALUE_FIELDS) {
      addIfPresent(valueFields, name);
    }
    HttpClientBuilder fresh = HttpClientBuilder.create();
    try {
      untouched = keyFieldValues(fresh);
      untouchedKey = Collections.unmodifiableList(managerKey(fresh, untouched));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void addIfPresent(List<Field> fields, String name) {
    Field field = field(name);
    if (field != null) {
      fields.add(field);
    }
  }

  private static Field field(String name) {
    try {
      Field field = HttpClientBuilder.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException absentInThisVersion) {
      return null;
    }
  }

  /**
   * Everything of the builder that flows into its default connection manager. A builder whose key fields hold the
   * very objects a new builder has gets the key made once for those (one per build of a client per request).
   */
  List<Object> managerKey(HttpClientBuilder builder) throws IllegalAccessException {
    Object[] values = keyFieldValues(builder);
    return sameObjects(values, untouched) && !usesSystemProperties(builder) ? untouchedKey
        : managerKey(builder, values);
  }

  private static boolean sameObjects(Object[] some, Object[] others) {
    for (int i = 0; i < some.length; i++) {
      if (some[i] != others[i]) {
        return false;
      }
    }
    return true;
  }

  /** The identity fields' values, then the value fields'. */
  private Object[] keyFieldValues(HttpClientBuilder builder) throws IllegalAccessException {
    Object[] values = new Object[identityFields.size() + valueFields.size()];
    int i = 0;
    for (Field field : identityFields) {
      values[i++] = field.get(builder);
    }
    for (Field field : valueFields) {
      values[i++] = field.get(builder);
    }
    return values;
  }

  private List<Object> managerKey(HttpClientBuilder builder, Object[] values) throws IllegalAccessException {
    List<Object> key = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      key.add(i < identityFields.size() ? new IdentityKey(values[i]) : String.valueOf(values[i]));
    }
    boolean useSystemProperties = usesSystemProperties(builder);
    key.add(useSystemProperties);
    if (useSystemProperties) {
      addSystemTlsSettings(key);
    }
    return key;
  }

  private boolean usesSystemProperties(HttpClientBuilder builder) throws IllegalAccessException {
    return systemProperties != null && systemProperties.getBoolean(builder);
  }

  /** What the library's system TLS settings depend on: the JVM's default SSL context and the https properties. */
  static void addSystemTlsSettings(List<Object> key) {
    for (String property : SYSTEM_PROPERTIES) {
      key.add(String.valueOf(System.getProperty(property)));
    }
    key.add(new IdentityKey(SSLSocketFactory.getDefault()));
  }

  /** What the client this builder makes will retry itself; null when this builder version does not tell. */
  LibraryRetry libraryRetries(HttpClientBuilder builder) throws IllegalAccessException {
    if (retryHandler == null || automaticRetriesDisabled == null) {
      return null;
    }
    if (automaticRetriesDisabled.getBoolean(builder)) {
      return LibraryRetry.NONE;
    }
    Object handler = retryHandler.get(builder);
    return handler == null || handler == DefaultHttpRequestRetryHandler.INSTANCE
        ? LibraryRetry.DEFAULT : LibraryRetry.APPLICATION;
  }

  static List<String> names(List<Field> fields) {
    List<String> names = new ArrayList<>();
    for (Field field : fields) {
      names.add(field.getName());
    }
    return names;
  }

  @Override
  public String toString() {
    return "key fields " + names(identityFields) + names(valueFields)
        + (systemProperties == null ? "" : " systemProperties " + Arrays.toString(SYSTEM_PROPERTIES));
  }
}
