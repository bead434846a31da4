package io.httppool.testapps.apache5;

import io.httppool.testapps.apppools.AppManagerSharingContract;
import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import java.util.List;
import java.util.stream.Stream;

/** A classic {@code PoolingHttpClientConnectionManager} the application makes, HttpClient 5.x. */
@Apache5Family
class Apache5AppManagerTest extends AppManagerSharingContract {
  static Stream<String> libraryVersions() {
    return JarSet.apache5();
  }

  @Override
  protected String family() {
    return "apache5";
  }

  @Override
  protected String newestLibrary() {
    return JarSet.APACHE56.dir();
  }

  @Override
  protected String workloadApp() {
    return Apache5App.class.getName();
  }

  @Override
  protected List<String> managerPerRequestArguments() {
    return List.of("clients=per-request", "style=app-manager");
  }

  @Override
  protected String managerCallsApp() {
    return Apache5ManagerHandleApp.class.getName();
  }

  @Override
  protected String afterCloseKey() {
    return "afterClose";
  }

  @Override
  protected String mutualTlsApp() {
    return Apache5MtlsApp.class.getName();
  }

  @Override
  protected String mutualTlsLibrary() {
    return JarSet.APACHE55.dir();
  }

  @Override
  protected String notSharedReason() {
    // http would be shared; https through each client's own TLS socket factory stays on its own pool
    // 5.5's builder wraps the app's socket factory in a lambda of its own, which is the class the report names
    return "https routes on its own pool: custom TLS socket factory ";
  }
}
