package io.httppool.testapps.apache4;

import io.httppool.testapps.apppools.AppManagerSharingContract;
import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import java.util.List;
import java.util.stream.Stream;

/** A {@code PoolingHttpClientConnectionManager} the application makes, HttpClient 4.x. */
@Apache4Family
class Apache4AppManagerTest extends AppManagerSharingContract {
  static Stream<String> libraryVersions() {
    return JarSet.apache4();
  }

  @Override
  protected String family() {
    return "apache4";
  }

  @Override
  protected String newestLibrary() {
    return JarSet.APACHE45.dir();
  }

  @Override
  protected String workloadApp() {
    return Apache4App.class.getName();
  }

  @Override
  protected List<String> managerPerRequestArguments() {
    return List.of("clients=app-manager");
  }

  @Override
  protected String managerCallsApp() {
    return Apache4ManagerHandleApp.class.getName();
  }

  @Override
  protected String afterCloseKey() {
    return "afterShutdown";
  }

  @Override
  protected String mutualTlsApp() {
    return Apache4MutualTlsApp.class.getName();
  }

  @Override
  protected String mutualTlsLibrary() {
    return JarSet.APACHE45.dir();
  }

  @Override
  protected String notSharedReason() {
    return "custom TLS socket factory org.apache.http.conn.ssl.SSLConnectionSocketFactory";
  }
}
