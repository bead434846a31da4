package io.httppool.agent.instrumentation.apache4.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.http.config.SocketConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.junit.jupiter.api.Test;

/** Which builders share a default connection manager: the key of what flows into it. */
class BuilderFieldsTest {
  private final BuilderFields fields = new BuilderFields();

  BuilderFieldsTest() throws NoSuchFieldException {}

  @Test
  void buildersNobodySetAnyKeyFieldOnShareOneKeyMadeOnce() throws Exception {
    HttpClientBuilder withOtherSettings = HttpClientBuilder.create().setUserAgent("app").setMaxConnTotal(7)
        .setConnectionTimeToLive(-1, TimeUnit.MILLISECONDS);

    assertSame(fields.managerKey(HttpClientBuilder.create()), fields.managerKey(withOtherSettings));
  }

  @Test
  void eachKeyFieldSetMakesAnotherKeyAndEqualSettingsTheSameOne() throws Exception {
    Object untouched = fields.managerKey(HttpClientBuilder.create());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);

    Object timeToLive = fields.managerKey(HttpClientBuilder.create().setConnectionTimeToLive(30, TimeUnit.SECONDS));
    Object socketConfig = fields.managerKey(HttpClientBuilder.create().setDefaultSocketConfig(
        SocketConfig.custom().setSoTimeout(5_000).build()));
    Object sslContext = fields.managerKey(HttpClientBuilder.create().setSSLContext(context));
    Object systemProperties = fields.managerKey(HttpClientBuilder.create().useSystemProperties());

    for (Object key : new Object[] {timeToLive, socketConfig, sslContext, systemProperties}) {
      assertNotEquals(untouched, key);
    }
    assertEquals(timeToLive,
        fields.managerKey(HttpClientBuilder.create().setConnectionTimeToLive(30, TimeUnit.SECONDS)));
    assertEquals(socketConfig, fields.managerKey(HttpClientBuilder.create().setDefaultSocketConfig(
        SocketConfig.custom().setSoTimeout(5_000).build())));
    assertEquals(sslContext, fields.managerKey(HttpClientBuilder.create().setSSLContext(context)));
    assertNotEquals(sslContext, fields.managerKey(HttpClientBuilder.create().setSSLContext(SSLContext.getDefault())));
  }
}
