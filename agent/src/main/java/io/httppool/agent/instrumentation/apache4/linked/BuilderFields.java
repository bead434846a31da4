package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.apache.IdentityKey;
import io.httppool.agent.instrumentation.apache.LibraryRetry;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Everything of the builder that flows into its default connection manager. */
  List<Object> managerKey(HttpClientBuilder builder) throws IllegalAccessException {
    List<Object> key = new ArrayList<>();
    for (Field field : identityFields) {
      key.add(new IdentityKey(field.get(builder)));
    }
    for (Field field : valueFields) {
      key.add(String.valueOf(field.get(builder)));
    }
    boolean useSystemProperties = systemProperties != null && systemProperties.getBoolean(builder);
    key.add(useSystemProperties);
    if (useSystemProperties) {
      addSystemTlsSettings(key);
    }
    return key;
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
